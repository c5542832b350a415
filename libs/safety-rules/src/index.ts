export * from './evaluate-safety-rules/trial-rules';
export * from './evaluate-safety-rules/safety-rules.reaction';
export * from './evaluate-safety-rules/rebuildable-reactions';
export * from './evaluate-safety-rules/safety-rules.module';
export * from './rebuild/rebuild-read-model.command';
export * from './rebuild/rebuild-read-model.handler';
export * from './rebuild/rebuild.module';
