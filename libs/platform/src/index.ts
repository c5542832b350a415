export * from './config/env-names';
export * from './config/config';
export * from './database/data-source';
