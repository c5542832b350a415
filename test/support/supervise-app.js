#!/usr/bin/env node
'use strict';
/*
 * Watchdog between the e2e harness and a built app: `node supervise-app.js <script> [args...]`.
 *
 * - runs `node <script> [args...]` with this process's environment, stdout and stderr;
 * - forwards SIGTERM and SIGINT to it;
 * - when its stdin closes (the test process ended, however abruptly, or the harness escalates a stop),
 *   kills the app with SIGKILL: no app outlives the test run that started it;
 * - ends the way the app ended (same exit code, or the same signal), so the harness can tell a crash
 *   by SIGKILL from a clean exit.
 */
const { spawn } = require('node:child_process');

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node supervise-app.js <script> [args...]\n');
  process.exit(2);
}

const app = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });

const forward = (signal) => () => {
  if (app.exitCode === null && app.signalCode === null) app.kill(signal);
};
process.on('SIGTERM', forward('SIGTERM'));
process.on('SIGINT', forward('SIGINT'));

const parentGone = () => {
  if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
};
process.stdin.on('data', () => undefined);
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);

app.on('error', (error) => {
  process.stderr.write(`supervise-app: could not start ${script}: ${error.message}\n`);
  process.exit(127);
});

app.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    // A signal this process cannot die of (should not happen for TERM/INT/KILL): report it as 128+n.
    setTimeout(() => process.exit(128 + (require('node:os').constants.signals[signal] ?? 0)), 1000).unref();
    return;
  }
  process.exit(code ?? 1);
});
