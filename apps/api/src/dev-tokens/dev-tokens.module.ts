import { Module } from '@nestjs/common';
import { DevTokensController } from './dev-tokens.controller';

/** POST /api/dev/tokens: the dashboard's development sign-in (see the controller for when it exists). */
@Module({ controllers: [DevTokensController] })
export class DevTokensModule {}
