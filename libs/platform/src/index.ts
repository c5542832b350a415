export * from './config/env-names';
export * from './config/config';
