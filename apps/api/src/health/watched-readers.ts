import { WatchedReader } from '@vigil/platform';

/**
 * The store readers health watches, by checkpoint name (the `checkpoints` table). `safety-rules` is the
 * one alerting depends on; the read models feed the API and the sponsor feed. Readers move their
 * checkpoint past every event they scanned, whatever its type, so the first event after a checkpoint is
 * the oldest one the reader has not handled: one lookup on events_commit_order, no type list needed.
 */
export const WATCHED_READERS: WatchedReader[] = [
  'safety-rules',
  'alerts',
  'alert-versions',
  'notifications',
  'subjects',
  'ae-versions',
  'timeline',
].map((name) => ({ name }));
