import { userInfo } from 'node:os';
import { optionalOption, requiredOption, sessionIdArgument } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { printSession } from '../print-session.ts';
import { UsageError } from '../usage-error.ts';

// failed: what a never-delivered session is once its evidence says nobody was charged (ecr status).
const OUTCOMES = ['approved', 'declined', 'failed'] as const;
const OUTCOME_WORDS = 'approved, declined or failed';

/** Who is at the keyboard: the OS account, which is what an audit trail can stand on. */
function osUserName(env: Record<string, string | undefined>): string | undefined {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return env.USER?.trim() || env.USERNAME?.trim() || undefined;
}

export const resolveCommand: Command = {
  name: 'resolve',
  summary: 'Settle a payment whose outcome is unknown by hand, with a reason (recorded with who did it).',
  usage: '<sessionId> --outcome approved|declined|failed --reason "..." [--operator NAME]',
  options: { outcome: { type: 'string' }, reason: { type: 'string' }, operator: { type: 'string' } },
  positionals: ['<sessionId>'],
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals);
    const outcome = requiredOption(context.values, 'outcome', 'cli.hint.outcome', { outcomes: OUTCOME_WORDS });
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      throw new UsageError({ id: 'cli.outcome-choices', params: { choices: OUTCOME_WORDS, got: outcome } });
    }
    const reason = requiredOption(context.values, 'reason', 'cli.hint.reason-resolve');
    const operator = optionalOption(context.values, 'operator') ?? osUserName(context.io.env);
    if (!operator) throw new UsageError({ id: 'cli.who-are-you' });

    return withCore(context, async (core) => {
      const record = core.engine.resolve(sessionId, { outcome: outcome as (typeof OUTCOMES)[number], reason, operator });
      if (!context.global.json) context.io.stderr(`Recorded: ${sessionId} resolved as ${record.state} by ${operator}.`);
      printSession(context, record);
      return 0;
    });
  },
};
