import { Alert } from '@vigil/contracts';
import { sponsorAlert } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';

/** One alert (by id, or after an action) as a sponsor sees it: the domain's alert allowlist. */
export const sponsorAlertView: SponsorViewOf<Alert> = (alert, blindedFieldsOf) => sponsorAlert(alert, blindedFieldsOf(alert.trialId));

/** A page of alerts: `items` (each by the alert allowlist) and `nextCursor`, nothing else. */
export const sponsorAlertPageView: SponsorViewOf<{ items: Alert[]; nextCursor: string | null }> = (page, blindedFieldsOf) => ({
  items: page.items.map((alert) => sponsorAlert(alert, blindedFieldsOf(alert.trialId))),
  nextCursor: page.nextCursor,
});
