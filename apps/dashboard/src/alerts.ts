// The alert shape and its vocabularies are the contracts library's (SPEC §4, §5); that module imports nothing, so
// bundling its constants brings no server code into the browser (.dependency-cruiser.cjs allows exactly it).
export type { Alert, AlertHistoryEntry } from '../../../libs/contracts/src/output/alerts';
export { ALERT_KINDS, ALERT_STATUSES } from '../../../libs/contracts/src/output/alerts';
