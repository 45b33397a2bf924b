import { hostname } from 'node:os';
import { createCore, type Core } from '../core/app.ts';
import { openJournal, type Journal } from '../core/journal/index.ts';
import { defaultDataDir } from '../core/paths.ts';
import { engineConfigSchema, type EngineConfigInput } from '../core/payments/index.ts';
import { createSecretValues } from '../core/secret-values.ts';
import type { CommandContext } from './command.ts';
import { connectionOptions } from './connection.ts';
import { stderrLogger } from './stderr-logger.ts';
import { UsageError } from './usage-error.ts';

/**
 * How the payment commands reach the core: built by `createCore` exactly as the app builds it,
 * on the journal of the chosen environment (--env), in --data-dir / ECR_DATA_DIR or the app's own
 * data folder, so the CLI and the app share one journal.
 */

export function dataDirFor(context: CommandContext): string {
  return context.global.dataDir ?? defaultDataDir(process.platform, context.io.env);
}

/** --cash-register, ECR_CASH_REGISTER (read with the global options), else this machine's name. */
export function cashRegisterIdFor(context: CommandContext): string {
  return context.global.cashRegister ?? hostname();
}

/**
 * ECR_ENGINE_CONFIG: the engine's timings as JSON (milliseconds), for demos and tests that cannot
 * wait 90 s for a deadline. Checked by the engine's own schema; a bad value is a usage error.
 */
export function engineConfigFromEnv(text: string | undefined): EngineConfigInput | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError({ id: 'cli.engine-config-not-json', detail: `(${(error as Error).message})` });
  }
  const parsed = engineConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new UsageError({ id: 'cli.engine-config-invalid', detail: `${problems.join('; ')}.` });
  }
  return parsed.data;
}

/** The whole core (journal, Viva client, engine); `run` gets it, and it is closed whatever happens. */
export async function withCore<T>(context: CommandContext, run: (core: Core) => Promise<T>): Promise<T> {
  const engine = engineConfigFromEnv(context.io.env.ECR_ENGINE_CONFIG);
  const secretValues = createSecretValues();
  const core = createCore({
    dataDir: dataDirFor(context),
    environment: context.global.env,
    connection: connectionOptions(context.global, context.io.env),
    cashRegisterId: cashRegisterIdFor(context),
    secretValues,
    ...(engine ? { engine } : {}),
    ...(context.global.verbose ? { logger: stderrLogger(context.io, secretValues) } : {}),
  });
  try {
    return await run(core);
  } finally {
    // Stops every poll loop and closes the journal, so the process ends on its own.
    await core.close();
  }
}

/**
 * The journal alone, for commands that read it or check it (status, journal list/verify, report,
 * close-day): they work offline and need no Viva credentials. `readOnly` for those that only
 * read: the file is opened read-only (a read-only file or folder is fine, a missing one is
 * refused, nothing is created or migrated) and without the quick_check at open, which reads the
 * whole file (seconds at a million sessions): a damaged page still fails the read that meets it,
 * as 'corrupt', and `journal verify` runs the full integrity_check itself.
 */
export async function withJournal<T>(
  context: CommandContext,
  run: (journal: Journal) => Promise<T> | T,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const journal = openJournal({
    dataDir: dataDirFor(context),
    environment: context.global.env,
    ...(options.readOnly ? { readOnly: true, integrityCheck: 'skip' as const } : {}),
    ...(context.global.verbose ? { logger: stderrLogger(context.io) } : {}),
  });
  try {
    return await run(journal);
  } finally {
    journal.close();
  }
}
