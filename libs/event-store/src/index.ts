export * from './stored-event';
export * from './append-events';
export * from './append-to-stream';
export * from './read-in-commit-order';
export * from './read-stream';
export * from './checkpoints';
export * from './subscription/store-subscription';
export * from './subscription/rebuild';
