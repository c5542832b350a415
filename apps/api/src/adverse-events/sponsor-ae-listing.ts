import { project, values } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { AE_LISTING_COLUMNS, AeListingRow } from './ae-listing-row';

/** The listing's columns are its allowlist (none is arm-derived); a protocol-declared blinded field is dropped too. */
const ROW = values(...AE_LISTING_COLUMNS);

export function sponsorAeColumns(blinded: ReadonlySet<string>): string[] {
  return AE_LISTING_COLUMNS.filter((column) => !blinded.has(column));
}

export function sponsorAeRows(rows: AeListingRow[], blinded: ReadonlySet<string>): AeListingRow[] {
  return rows.map((row) => project(row, ROW, blinded) as AeListingRow);
}

export const sponsorAeListingView: SponsorViewOf<{ items: AeListingRow[] }> = (listing, blindedFieldsOf) => ({
  items: listing.items.map((row) => project(row, ROW, blindedFieldsOf(row.STUDYID))),
});
