import { Writable } from 'node:stream';
import { createVigilLogger } from '@vigil/platform';
import { createKafka } from './kafka-client';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('kafkajs logging', () => {
  it("comes out as the app's JSON lines, at the app's level, marked as kafkajs", () => {
    const { stream, lines } = capture();
    const logger = createKafka(['127.0.0.1:1'], 'log-test', createVigilLogger('warn', stream)).logger();
    logger.info('joined group', { groupId: 'g' });
    logger.warn('connection lost', { broker: '127.0.0.1:1' });
    logger.error('crashed', { groupId: 'g' });
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'connection lost', broker: '127.0.0.1:1', context: 'kafkajs' }),
      expect.objectContaining({ level: 'error', msg: 'crashed', groupId: 'g', context: 'kafkajs' }),
    ]);
  });

  it('passes its informational lines (group joins, connections) on as debug when the app logs at debug', () => {
    const { stream, lines } = capture();
    createKafka(['127.0.0.1:1'], 'log-test', createVigilLogger('debug', stream)).logger().info('joined group', { groupId: 'g' });
    expect(lines()).toEqual([expect.objectContaining({ level: 'debug', msg: 'joined group', groupId: 'g', context: 'kafkajs' })]);
  });
});
