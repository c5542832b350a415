export * from './topics';
export * from './cloud-event';
export * from './input/visit-events';
export * from './input/adverse-events';
export * from './input/input-events';
export * from './output/alerts';
export * from './output/notifications';
export * from './output/dead-letters';
