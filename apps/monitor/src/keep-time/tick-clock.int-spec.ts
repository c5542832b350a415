import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { loadConfig, PlatformModule } from '@vigil/platform';
import { createTestDatabase } from '../../../../test/support/test-database';
import { TickClock } from './tick-clock.command';
import { TickClockHandler } from './tick-clock.handler';

@Module({})
class ClockUnderTest {}

/** TickClock on the CommandBus against real PostgreSQL: what a tick writes, and when it writes nothing. */
describe('TickClock (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;
  const tick = (iso: string) => app.get(CommandBus).execute(new TickClock(Date.parse(iso)));
  const clockEvents = async () =>
    db.dataSource.query(`select type, data->>'now' as now from events where stream_id = 'clock' order by global_position`);

  beforeAll(async () => {
    db = await createTestDatabase('tick_clock');
    const config = { ...loadConfig(), databaseUrl: db.url, clockIntervalMs: 60_000 };
    app = await NestFactory.createApplicationContext(
      {
        module: ClockUnderTest,
        imports: [PlatformModule.forRoot({ config, poolSize: 2 }), CqrsModule.forRoot()],
        providers: [TickClockHandler],
      },
      { logger: false, abortOnError: false },
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('appends nothing while no subject has an overdue check due', async () => {
    await db.dataSource.query(`insert into rule_state (scope, state, wake_at) values ('subject/NCT1/S-1', '{}', '2026-12-05')`);
    expect(await tick('2026-12-01T10:00:30Z')).toBe(false);
    expect(await clockEvents()).toEqual([]);
  });

  it('appends one clock event at the start of its interval once a check is due, and a second tick of that interval adds nothing', async () => {
    expect(await tick('2026-12-05T10:00:30Z')).toBe(true);
    expect(await tick('2026-12-05T10:00:59Z')).toBe(true);
    expect(await clockEvents()).toEqual([{ type: 'clock.ticked', now: '2026-12-05T10:00:00.000Z' }]);
  });

  it('rejects when the store cannot be written, so the ticker can report it', async () => {
    await db.dataSource.query(`alter table rule_state rename to rule_state_away`);
    try {
      await expect(tick('2026-12-05T10:01:30Z')).rejects.toThrow(/rule_state/);
    } finally {
      await db.dataSource.query(`alter table rule_state_away rename to rule_state`);
    }
  });
});
