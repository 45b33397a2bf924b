import { createSecretValues } from '../core/secret-values.ts';
import { createVivaClient, type VivaClient } from '../core/viva/index.ts';
import { connectionOptions } from './connection.ts';
import type { CommandContext } from './command.ts';
import { stderrLogger } from './stderr-logger.ts';

export function clientFor(context: CommandContext): VivaClient {
  const connection = connectionOptions(context.global, context.io.env);
  const secretValues = createSecretValues();
  secretValues.add(connection.credentials?.clientSecret);
  return createVivaClient({
    ...connection,
    secretValues,
    logger: context.global.verbose ? stderrLogger(context.io, secretValues) : undefined,
  });
}
