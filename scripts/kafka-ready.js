#!/usr/bin/env node
'use strict';
// Readiness probe for a Kafka cluster, used by scripts/kafka.sh (infra only, so kafkajs is used
// directly rather than through @vigil/messaging).
//
//   node scripts/kafka-ready.js <host:port[,host:port...]> [--quiet] [--timeout-ms <n>]
//
// Exit 0 when an admin client connects, lists topics and sees at least one live broker;
// exit 1 otherwise (one attempt, bounded by --timeout-ms, default 5000); exit 2 on bad usage.

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
let timeoutMs = 5000;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--quiet') continue;
  if (args[i] === '--timeout-ms') {
    timeoutMs = Number(args[++i]);
    continue;
  }
  positional.push(args[i]);
}
const brokers = (positional[0] || '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
if (brokers.length === 0 || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
  console.error('usage: node scripts/kafka-ready.js <host:port[,host:port...]> [--quiet] [--timeout-ms <n>]');
  process.exit(2);
}

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch {
  console.error('kafka-ready: the kafkajs package is not installed; run `npm ci` in the repository first.');
  process.exit(1);
}

const { Kafka, logLevel } = kafkajs;

async function probe() {
  const kafka = new Kafka({
    clientId: 'vigil-kafka-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(3000, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) throw new Error('no live brokers in metadata');
    return { topics: topics.length, brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const timer = setTimeout(() => {
  if (!quiet) console.error(`kafka-ready: ${brokers.join(',')} did not answer within ${timeoutMs} ms`);
  process.exit(1);
}, timeoutMs + 1000);

probe().then(
  (info) => {
    clearTimeout(timer);
    if (!quiet) console.log(`kafka-ready: ${brokers.join(',')} answers (${info.brokers} broker(s), ${info.topics} topic(s))`);
    process.exit(0);
  },
  (error) => {
    clearTimeout(timer);
    if (!quiet) console.error(`kafka-ready: ${brokers.join(',')} not ready: ${error && error.message ? error.message : error}`);
    process.exit(1);
  },
);
