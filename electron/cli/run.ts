import { parseArgs } from 'node:util';
import type { Command, OptionSpec, OptionValues } from './command.ts';
import { commands } from './commands/index.ts';
import { describeError } from './describe-error.ts';
import { GLOBAL_USAGE, globalOptionSpec, readGlobalOptions } from './global-options.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './usage-error.ts';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;

function helpText(command?: Command): string {
  if (command) {
    return `Usage: ecr ${command.name} ${command.usage}\n\n${command.summary}\n\n${GLOBAL_USAGE}\n`;
  }
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Cloud ECR command line.\n\nUsage: ecr <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL_USAGE}\n\nRun \`ecr help <command>\` for a command's options.\n`;
}

/** Every option any command knows, so a first loose pass can find the command's name. */
function allOptions(): OptionSpec {
  return Object.assign({}, globalOptionSpec, ...commands.map((c) => c.options));
}

function findCommand(words: string[]): Command | undefined {
  const two = words.slice(0, 2).join(' ');
  return commands.find((c) => c.name === two) ?? commands.find((c) => c.name === words[0]);
}

/** Runs one CLI invocation and resolves to its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const loose = parseArgs({ args: argv, options: allOptions(), strict: false, allowPositionals: true });
    const words = loose.positionals;
    if (words.length === 0 || words[0] === 'help') {
      const target = words[0] === 'help' ? findCommand(words.slice(1)) : undefined;
      if (words.length > 1 && !target) throw new UsageError({ id: 'cli.unknown-command', params: { command: words.slice(1).join(' ') } });
      io.stdout(helpText(target));
      return words.length === 0 && loose.values.help !== true ? EXIT_ERROR : EXIT_OK;
    }
    const command = findCommand(words);
    if (!command) {
      const family = commands.filter((c) => c.name.startsWith(`${words[0]} `)).map((c) => c.name.split(' ')[1]);
      if (family.length > 0) throw new UsageError({ id: 'cli.needs-subcommand', params: { family: words[0]!, choices: family.join(', ') } });
      throw new UsageError({ id: 'cli.unknown-command', params: { command: words[0]! } });
    }

    const strict = (() => {
      try {
        return parseArgs({ args: argv, options: { ...globalOptionSpec, ...command.options }, strict: true, allowPositionals: true });
      } catch (error) {
        // parseArgs' own messages name the option; keep them, under our error type.
        throw new UsageError({ id: 'cli.bad-options', detail: (error as Error).message });
      }
    })();
    const values = strict.values as OptionValues;
    const global = readGlobalOptions(values, io.env);
    json = global.json;
    if (global.help) {
      io.stdout(helpText(command));
      return EXIT_OK;
    }
    const positionals = strict.positionals.slice(command.name.split(' ').length);
    if (positionals.length > command.positionals.length) {
      throw new UsageError({ id: 'cli.unexpected-argument', params: { argument: positionals[command.positionals.length]!, command: command.name } });
    }
    // "[name]" is optional (`ecr restore --from-headoffice` takes no file); "<name>" is required.
    const required = command.positionals.filter((p) => !p.startsWith('['));
    if (positionals.length < required.length) {
      throw new UsageError({ id: 'cli.missing-arguments', params: { command: command.name, arguments: required.slice(positionals.length).join(' ') } });
    }
    return await command.run({ global, values, positionals, io });
  } catch (error) {
    const described = describeError(error);
    if (json) io.stdout(JSON.stringify({ error: described }, null, 2));
    io.stderr(`ecr: ${described.message}`);
    if (error instanceof UsageError) io.stderr('Run `ecr help` for usage.');
    return EXIT_ERROR;
  }
}
