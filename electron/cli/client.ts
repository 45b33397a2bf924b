import { createVivaClient, type VivaClient } from '../core/viva/index.ts';
import { connectionOptions } from './connection.ts';
import type { CommandContext } from './command.ts';
import { stderrLogger } from './stderr-logger.ts';

export function clientFor(context: CommandContext): VivaClient {
  return createVivaClient({
    ...connectionOptions(context.global, context.io.env),
    logger: context.global.verbose ? stderrLogger(context.io) : undefined,
  });
}
