export * from './schemas';
export { isCalendarDate, isRfc3339DateTime } from './formats';
export { describeConflict, describeIdConflict } from './describe-conflict';
export { INPUT_TYPES_BY_TOPIC, parseInputMessage } from './parse-input-message';
export type { InputTopicRole, ParseFailure, ParseResult } from './parse-input-message';
