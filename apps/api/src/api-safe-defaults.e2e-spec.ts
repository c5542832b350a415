import * as net from 'node:net';
import { networkInterfaces } from 'node:os';
import { AppProcess, useE2eRun } from '../../../test/support/e2e-harness';

/**
 * The built API's start-up defaults (issue 9): it binds to 127.0.0.1 unless HOST says otherwise, and the
 * published development secret (AUTH_JWT_SECRET unset) is refused on any other bind address and in
 * production, before the API serves anything.
 */
const NO_SECRET = { AUTH_JWT_SECRET: '' };

/** Does anything accept a TCP connection on host:port? */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/** Addresses of this machine other than 127.0.0.1 (127.0.0.2 is loopback too, but not the bound address). */
const otherAddresses = () => [
  '127.0.0.2',
  ...Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address),
];

describe('API start-up defaults: bind address and development secret (built API)', () => {
  const run = useE2eRun('api-safe-defaults');

  const exitOf = async (api: AppProcess) => {
    const status = await run.waitFor(`${api.name} to exit`, () => api.exitStatus, { timeoutMs: 30_000 });
    return { status, output: api.lines.join('\n') };
  };

  it('refuses to start without AUTH_JWT_SECRET on HOST=0.0.0.0, naming AUTH_JWT_SECRET and HOST', async () => {
    const api = await run.startApi({ ...NO_SECRET, HOST: '0.0.0.0' }, { waitUntilReady: false });
    const { status, output } = await exitOf(api);
    expect(status.code).toBe(1);
    expect(output).toMatch(/AUTH_JWT_SECRET must be set when the API listens beyond this machine \(HOST=0\.0\.0\.0\)/);
    expect(await accepts('127.0.0.1', run.port)).toBe(false);
  });

  it('refuses to start without AUTH_JWT_SECRET in production, even on loopback', async () => {
    const api = await run.startApi({ ...NO_SECRET, NODE_ENV: 'production' }, { waitUntilReady: false });
    const { status, output } = await exitOf(api);
    expect(status.code).toBe(1);
    expect(output).toMatch(/AUTH_JWT_SECRET must be set in production/);
  });

  it('by default listens on 127.0.0.1 only, where the development secret works', async () => {
    const api = await run.startApi(NO_SECRET);
    expect(api.lines.join('\n')).toMatch(/Vigil API on http:\/\/127\.0\.0\.1:\d+ \(loopback only/);
    expect(await accepts('127.0.0.1', run.port)).toBe(true);
    for (const address of otherAddresses()) expect([address, await accepts(address, run.port)]).toEqual([address, false]);
    const token = (await run.cli(['mint-token', '--role', 'dsmb', '--trials', '*'], NO_SECRET)).stdout.trim();
    expect((await run.http('/api/trials/NCT04410731/alerts', { token })).status).toBe(200);
    await api.stop();
  });

  it('with a secret and HOST=0.0.0.0 listens on every address (so the probe above can see one)', async () => {
    const api = await run.startApi({ HOST: '0.0.0.0' });
    for (const address of otherAddresses()) expect([address, await accepts(address, run.port)]).toEqual([address, true]);
    await api.stop();
  });
});
