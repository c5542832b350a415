import { BLINDABLE_FIELDS } from '@vigil/safety-domain';

/**
 * For sponsor views of answers that do not carry their trial id (the dashboard views): every field a
 * protocol may blind is withheld, whatever the trial declares. Their allowlists list none of them anyway.
 */
export const EVERY_BLINDABLE_FIELD: ReadonlySet<string> = new Set(BLINDABLE_FIELDS);
