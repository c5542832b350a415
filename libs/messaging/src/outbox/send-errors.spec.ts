import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { isBrokerUnreachable } from './send-errors';

describe('isBrokerUnreachable: what fails a whole poll instead of counting against a row', () => {
  it('is true for a broker that cannot be reached, however kafkajs wraps it', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(isBrokerUnreachable(refused)).toBe(true);
    expect(isBrokerUnreachable(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 8, retryTime: 5000 }))).toBe(true);
  });

  it('is false for a record the broker refuses (the row is at fault)', () => {
    const tooLarge = new KafkaJSProtocolError('The request included a message larger than the max message size the server will accept');
    Object.assign(tooLarge, { type: 'MESSAGE_TOO_LARGE', retriable: false });
    expect(isBrokerUnreachable(Object.assign(new KafkaJSNonRetriableError(tooLarge), { cause: tooLarge }))).toBe(false);
  });
});
