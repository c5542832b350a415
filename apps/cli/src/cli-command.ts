/** One `vigil <name>` sub-command. `run` receives the arguments after the name and returns an exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export class UsageError extends Error {}
