import { INPUT_EVENT_TYPES } from '@vigil/contracts';
import { WatchedReader } from '@vigil/platform';
import { AeVersionsProjection, AlertsProjection, AlertVersionsProjection, NotificationsProjection, SubjectsProjection, TimelineProjection } from '@vigil/read-models';
import { CLOCK_TICKED } from '@vigil/safety-domain';

/**
 * The store readers health watches, by checkpoint name (the `checkpoints` table). `safety-rules` is the
 * one alerting depends on; the read models feed the API and the sponsor feed.
 *
 * Event types are given because today a reader's checkpoint stops at the last event it handled, so the
 * events after it that it ignores must not count as unprocessed. A reader whose checkpoint moves past
 * everything it read needs no types: its oldest unprocessed event is then one index lookup.
 */
export const WATCHED_READERS: WatchedReader[] = [
  { name: 'safety-rules', eventTypes: [...INPUT_EVENT_TYPES, CLOCK_TICKED] },
  ...[new AlertsProjection(), new AlertVersionsProjection(), new NotificationsProjection(), new SubjectsProjection(), new AeVersionsProjection(), new TimelineProjection()].map(
    (p) => ({ name: p.name, eventTypes: p.eventTypes }),
  ),
];
