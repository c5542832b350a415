import { SPEC_UTI_FOLLOW_UP } from '@vigil/contracts';
import { KafkaMessage } from '@vigil/messaging';

/** A message as the consumer hands it over, for ingest tests that call the store directly. */
export const receivedMessage = (offset: number, value: string, key = 'CK-001'): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from(key),
    value: Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    headers: {},
    size: 0,
  }) as unknown as KafkaMessage;

/** A valid non-serious AE report (SPEC §2, built on its example) for CK-001 of NCT04410731. */
export const aeReport = (id: string, term: string, aeId = `AE-${id}`) => ({
  specversion: '1.0',
  id,
  source: 'edc://site/mayo-fl',
  type: 'adverse-event.reported',
  subject: 'CK-001',
  time: '2021-02-04T10:00:00Z',
  trialid: 'NCT04410731',
  data: { ...SPEC_UTI_FOLLOW_UP, aeId, version: 1, term, grade: 1 },
});

/** That report as the consumer hands it over. */
export const receivedAe = (offset: number, id: string, term: string, aeId?: string): KafkaMessage =>
  receivedMessage(offset, JSON.stringify(aeReport(id, term, aeId)));
