export * from './generate-trial';
export * from './injections';
export * from './trial-profiles';
export { parseCalendarDate } from './calendar';
