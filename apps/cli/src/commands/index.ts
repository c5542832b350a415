import { CliCommand } from '../cli-command';
import { dsmbReportCommand } from './dsmb-report.command';
import { ensureTopicsCommand } from './ensure-topics.command';
import { migrateCommand } from './migrate.command';
import { mintTokenCommand } from './mint-token.command';
import { rebuildCommand } from './rebuild.command';
import { reportCommand } from './report.command';
import { simulateCommand } from './simulate.command';

/** Every sub-command, in the order `vigil help` lists them. Add one line per command. */
export const COMMANDS: CliCommand[] = [
  migrateCommand,
  ensureTopicsCommand,
  mintTokenCommand,
  simulateCommand,
  reportCommand,
  dsmbReportCommand,
  rebuildCommand,
];
