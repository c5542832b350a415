export * from './config/env-names';
export * from './config/config';
export * from './database/data-source';
export * from './nest/platform.module';
export * from './protocols/load-protocols';
export * from './protocols/parse-protocol-yaml';
export * from './polling/polling-loop';
export * from './database/scratch-database';
