import { MessageEvent } from '@nestjs/common';
import { AlertNotification } from '@vigil/contracts';
import { project, sponsorAlert, values } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { FeedPage } from './read-notifications.query';

const CLOUD_EVENT = values('specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'trialid');

/**
 * A notification as a sponsor sees it. Stored rows are already the sponsor view (the outbox's function);
 * rebuilding it on the way out also covers rows stored before an allowlist changed.
 */
export function sponsorNotification(
  event: AlertNotification,
  blindedFieldsOf: (trialId: string) => ReadonlySet<string>,
): AlertNotification {
  return { ...project(event, CLOUD_EVENT), data: sponsorAlert(event.data, blindedFieldsOf(event.trialid)) } as AlertNotification;
}

export const sponsorFeedView: SponsorViewOf<FeedPage> = (page, blindedFieldsOf) => ({
  items: page.items.map((item) => ({ seq: item.seq, event: sponsorNotification(item.event, blindedFieldsOf) })),
  nextCursor: page.nextCursor,
  lastSeq: page.lastSeq,
});

/** One SSE message: `id` (seq), `type` (the CloudEvent type) and the sponsor's CloudEvent; or a comment line. */
export const sponsorStreamView: SponsorViewOf<MessageEvent> = (message, blindedFieldsOf) => {
  const envelope = project(message, values('id', 'type', 'retry', 'comment'));
  return message.data && typeof message.data === 'object'
    ? { ...envelope, data: sponsorNotification(message.data as AlertNotification, blindedFieldsOf) }
    : envelope;
};
