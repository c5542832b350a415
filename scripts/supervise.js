#!/usr/bin/env node
'use strict';
/*
 * Keeps one app running for `npm run up`:
 *
 *   node scripts/supervise.js --name monitor [--state-file <file>] -- node dist/apps/monitor/src/main.js
 *
 * - starts the command with this process's environment, stdout and stderr (up.sh appends them to a log);
 * - when it exits unexpectedly (crash, SIGKILL, OOM), logs it and starts it again after a backoff
 *   (0.5 s, doubling, at most 30 s; back to 0.5 s once a run lasted a minute), forever;
 * - on SIGTERM or SIGINT (npm run down) forwards the signal, waits for the app, SIGKILLs it after
 *   VIGIL_SUPERVISE_GRACE_SECONDS (default 25), then exits 0;
 * - keeps a small JSON state file (app pid, restarts, last exit) that up.sh and tests read.
 *
 * Under systemd or Kubernetes the platform supervises instead: run the app directly (docs/operations.md).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const separator = process.argv.indexOf('--');
const options = parseOptions(process.argv.slice(2, separator < 0 ? undefined : separator));
const command = separator < 0 ? [] : process.argv.slice(separator + 1);
if (!options.name || command.length === 0) {
  process.stderr.write('usage: node scripts/supervise.js --name <name> [--state-file <file>] -- <command> [args...]\n');
  process.exit(2);
}

const INITIAL_MS = 500;
const MAX_MS = 30_000;
const STABLE_MS = 60_000;
const graceMs = 1000 * Number(process.env.VIGIL_SUPERVISE_GRACE_SECONDS || 25);
let child;
let stopping = false;
let restarts = 0;
let attempt = 0;
let startedAt = 0;
let lastExit = null;
let restartTimer;

function log(message) {
  process.stdout.write(`supervise[${options.name}] ${new Date().toISOString()} ${message}\n`);
}

function writeState() {
  if (!options.stateFile) return;
  const state = {
    supervisorPid: process.pid,
    appPid: child && child.exitCode === null && child.signalCode === null ? child.pid : null,
    restarts,
    lastExit,
  };
  try {
    fs.writeFileSync(`${options.stateFile}.tmp`, JSON.stringify(state));
    fs.renameSync(`${options.stateFile}.tmp`, options.stateFile);
  } catch (error) {
    log(`cannot write ${options.stateFile}: ${error.message}`);
  }
}

function start() {
  startedAt = Date.now();
  child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  log(`started ${command.join(' ')} (pid ${child.pid})${restarts > 0 ? `, restart ${restarts}` : ''}`);
  writeState();
  child.on('error', (error) => log(`could not start: ${error.message}`));
  child.on('exit', (code, signal) => {
    lastExit = { code, signal, at: new Date().toISOString() };
    const ran = Date.now() - startedAt;
    if (stopping) {
      log(`stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`);
      writeState();
      process.exit(0);
    }
    attempt = ran >= STABLE_MS ? 1 : attempt + 1;
    const delay = Math.min(MAX_MS, INITIAL_MS * 2 ** Math.min(attempt - 1, 30));
    restarts += 1;
    log(
      `exited unexpectedly (${signal ? `killed by ${signal}` : `exit code ${code}`}) after ${(ran / 1000).toFixed(1)} s; restarting in ${delay} ms (restart ${restarts})`,
    );
    writeState();
    restartTimer = setTimeout(start, delay);
  });
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  clearTimeout(restartTimer);
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    log('stopped');
    writeState();
    process.exit(0);
  }
  log(`${signal}: stopping pid ${child.pid}`);
  child.kill(signal);
  setTimeout(() => {
    log(`pid ${child.pid} still running ${graceMs / 1000} s after ${signal}: SIGKILL`);
    child.kill('SIGKILL');
  }, graceMs).unref();
}

function parseOptions(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--name') parsed.name = args[i + 1];
    else if (args[i] === '--state-file') parsed.stateFile = args[i + 1];
    else {
      process.stderr.write(`supervise: unknown option ${args[i]}\n`);
      process.exit(2);
    }
  }
  return parsed;
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
start();
