import { StreamableFile } from '@nestjs/common';
import { SponsorViewOf } from '../blinding/sponsor-view';

/**
 * The report answers sponsors only as the open version, which `libs/dsmb-report` builds from an allowlist (no
 * arm, no protocol-blinded field, no DSMB comment): HTML as a string (the interceptor passes strings through)
 * or the PDF printed from that HTML, sent as a StreamableFile (a Buffer would be sent as JSON). The route
 * refuses `closed` to every role but dsmb before anything is built. Any other body would be a mistake: a
 * sponsor gets nothing of it.
 */
export const sponsorReportView: SponsorViewOf = (body) => (body instanceof StreamableFile ? body : {});
