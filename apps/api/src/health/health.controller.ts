import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createKafka } from '@vigil/messaging';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';

type Check = { status: 'up' | 'down'; error?: string };

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource, @Inject(VIGIL_CONFIG) private readonly config: VigilConfig) {}

  @Get()
  @Public()
  async health(@Res() response: Response): Promise<void> {
    const [database, kafka] = await Promise.all([this.check(() => this.dataSource.query('select 1')), this.check(() => this.pingKafka())]);
    const up = database.status === 'up' && kafka.status === 'up';
    response.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: up ? 'up' : 'down', checks: { database, kafka } });
  }

  private async check(probe: () => Promise<unknown>): Promise<Check> {
    try {
      await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000))]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async pingKafka(): Promise<void> {
    const admin = createKafka(this.config.kafkaBrokers, 'vigil-api-health').admin();
    try {
      await admin.connect();
      await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }
}
