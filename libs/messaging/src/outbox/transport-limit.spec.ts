import { createHash } from 'node:crypto';
import { fitToTransportLimit, MessageCannotFitError, TRUNCATION_MARKER_START } from './transport-limit';

const LIMIT = 10_000;

describe('fitToTransportLimit', () => {
  it('leaves a message under the limit byte for byte', () => {
    const value = { id: 'n-1', data: { title: 'SAE: pneumonia' } };
    expect(fitToTransportLimit({ topicRole: 'notifications', key: 'NCT1', value }, LIMIT)).toEqual({
      value: JSON.stringify(value),
      truncated: false,
    });
  });

  it('cuts the longest text of a notification and ends it with a marker naming the length and the event', () => {
    const term = 'é'.repeat(30_000); // 2 bytes each: the limit is in bytes, not characters
    const value = { id: 'change-1', type: 'alert.raised', data: { title: `AE: ${term}`, evidence: { term }, severity: 'medium' } };
    const fitted = fitToTransportLimit({ topicRole: 'notifications', key: 'NCT04410731', value }, LIMIT);
    expect(fitted.truncated).toBe(true);
    expect(Buffer.byteLength(fitted.value) + 'NCT04410731'.length).toBeLessThanOrEqual(LIMIT);
    const sent = JSON.parse(fitted.value);
    expect(sent.data.severity).toBe('medium');
    expect(sent.data.evidence.term).toMatch(
      /^é+…\[truncated by Vigil: 30000 characters; the full text is in the event store, event change-1\]$/,
    );
    expect(sent.data.title).toMatch(
      /^AE: é+…\[truncated by Vigil: 30004 characters; the full text is in the event store, event change-1\]$/,
    );
  });

  it('sends a too-large dead letter with the first bytes of its value, its size and digest, and no marker inside base64', () => {
    const original = Buffer.from(`{"id":"x","data":{"term":"${'A'.repeat(50_000)}"`);
    const value = {
      topic: 'ae',
      partition: 1,
      offset: '7',
      key: 'CK-1',
      valueBase64: original.toString('base64'),
      errorClass: 'not-json',
      reason: 'not JSON',
    };
    const fitted = fitToTransportLimit({ topicRole: 'deadLetter', key: 'CK-1', value }, LIMIT);
    const sent = JSON.parse(fitted.value);
    expect(Buffer.byteLength(fitted.value)).toBeLessThanOrEqual(LIMIT);
    expect(sent).toMatchObject({
      valueTruncated: true,
      valueBytes: original.length,
      valueSha256: createHash('sha256').update(original).digest('hex'),
      reason: 'not JSON',
    });
    expect(original.toString('base64').startsWith(sent.valueBase64)).toBe(true);
    expect(Buffer.from(sent.valueBase64, 'base64').toString('base64')).toBe(sent.valueBase64); // still valid base64
    expect(sent.valueBase64).not.toContain(TRUNCATION_MARKER_START);
  });

  it('refuses what no truncation of text can bring under the limit', () => {
    const value = { id: 'n', data: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i])) };
    expect(() => fitToTransportLimit({ topicRole: 'notifications', key: null, value }, LIMIT)).toThrow(MessageCannotFitError);
  });
});
