import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';
import type { GlobalOptions } from './global-options.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandContext {
  global: GlobalOptions;
  values: OptionValues;
  positionals: string[];
  io: CliIo;
}

/** One `ecr` command. `name` may have two words ("journal verify"). */
export interface Command {
  name: string;
  summary: string;
  /** The arguments after the command name, for help: "<sessionId>", "--date YYYY-MM-DD". */
  usage: string;
  options: OptionSpec;
  positionals: readonly string[];
  /** Resolves to the process exit code. */
  run(context: CommandContext): Promise<number>;
}
