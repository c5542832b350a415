import { CliCommand } from '../cli-command';

/** Every sub-command, in the order `vigil help` lists them. Add one line per command. */
export const COMMANDS: CliCommand[] = [];
