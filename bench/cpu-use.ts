import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU time, less noisy than wall time on a shared 2-core machine: what the monitor process used per
 * 1000 events, and how busy the whole machine was (bench, broker and PostgreSQL included) meanwhile.
 */
export interface CpuUse {
  monitorMsPer1000: number;
  machineBusy: number;
}

interface Reading {
  monitorMs: number;
  busyMs: number;
  totalMs: number;
}

export function readCpu(pid: number | undefined): Reading {
  let monitorMs: number;
  try {
    // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks of 10 ms; the name (field 2) has no spaces here.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ');
    monitorMs = (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    monitorMs = NaN;
  }
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of os.cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    totalMs += busy + times.idle;
  }
  return { monitorMs, busyMs, totalMs };
}

export function cpuUse(before: Reading, after: Reading, events: number): CpuUse {
  return {
    monitorMsPer1000: ((after.monitorMs - before.monitorMs) / events) * 1000,
    machineBusy: (after.busyMs - before.busyMs) / Math.max(1, after.totalMs - before.totalMs),
  };
}

/** The two figures as table cells: monitor CPU ms per 1000 events, machine busy %. */
export function cpuCells(cpu: CpuUse): [string, string] {
  return [cpu.monitorMsPer1000.toFixed(0), `${(cpu.machineBusy * 100).toFixed(0)}%`];
}

export function describeCpu(cpu: CpuUse): string {
  const [ms, busy] = cpuCells(cpu);
  return `monitor CPU ${ms} ms per 1000 events, machine ${busy} busy`;
}
