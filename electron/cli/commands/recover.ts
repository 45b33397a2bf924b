import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '../../core/app.ts';
import type { SessionRecord } from '../../domain/session-record.ts';
import type { SessionState } from '../../domain/session-states.ts';
import { wholeNumberOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { json, money, table } from '../format.ts';
import { EXIT_UNKNOWN } from '../outcome.ts';
import { printProgress } from '../progress.ts';
import { sessionJson } from '../session-json.ts';

const DEFAULT_WAIT_MS = 180_000;

/**
 * Lets the engine finish every open session: the poll loops it resumed end, then background
 * passes ask Viva about `unknown` sessions until none is left or `boundMs` has passed.
 */
async function driveToTheEnd(core: Core, boundMs: number): Promise<void> {
  const until = Date.now() + boundMs;
  const pause = Math.min(core.engine.config.backgroundTickMs, 250);
  for (;;) {
    for (const record of core.journal.openSessions()) await core.engine.settled(record.sessionId);
    if (core.journal.openSessions().length === 0 || Date.now() >= until) return;
    await core.engine.runBackground();
    await sleep(Math.max(0, Math.min(pause, until - Date.now())));
  }
}

export const recoverCommand: Command = {
  name: 'recover',
  summary: 'Resume every open payment after a crash and find out how each ended (exit 0 all settled, 3 some still unknown).',
  usage: '[--wait-ms N]',
  options: { 'wait-ms': { type: 'string' } },
  positionals: [],
  async run(context) {
    const waitMs = wholeNumberOption(context.values, 'wait-ms', { min: 0, max: 86_400_000 }) ?? DEFAULT_WAIT_MS;
    return withCore(context, async (core) => {
      const before = new Map<string, SessionState>(core.journal.openSessions().map((r) => [r.sessionId, r.state]));
      printProgress(core, context.io, (record) => before.has(record.sessionId));
      const { resumed } = await core.start();
      if (!context.global.json) context.io.stderr(`Resuming ${resumed} open session(s)…`);
      await driveToTheEnd(core, waitMs);

      const after = [...before.keys()].map((id) => core.journal.getSession(id)).filter((r): r is SessionRecord => r !== undefined);
      const stillOpen = after.filter((r) => r.finishedAt === null);
      const finalStates: Record<string, number> = {};
      for (const r of after) finalStates[r.state] = (finalStates[r.state] ?? 0) + 1;

      if (context.global.json) {
        context.io.stdout(
          json({
            resumed,
            states: finalStates,
            stillUnknown: stillOpen.map((r) => r.sessionId),
            sessions: after.map((r) => ({ ...sessionJson(r), stateBefore: before.get(r.sessionId) ?? null })),
          }),
        );
      } else {
        const counts = Object.entries(finalStates).map(([state, n]) => `${n} ${state}`);
        context.io.stdout(`Resumed ${resumed} open session(s)${counts.length > 0 ? `: ${counts.join(', ')}` : ''}.`);
        if (after.length > 0) {
          const rows = after.map((r) => [r.sessionId, r.kind, money(r.amount + r.tipAmount, r.currencyCode), r.terminalId, before.get(r.sessionId) ?? '', r.state]);
          context.io.stdout(table(['session', 'kind', 'amount', 'terminal', 'was', 'now'], rows));
        }
        if (stillOpen.length > 0) {
          context.io.stdout(
            `Still unknown: ${stillOpen.length}. The customer may have been charged: check again later with \`ecr recover\`, or settle each with \`ecr resolve <sessionId> --outcome approved|declined --reason "..."\` once you know.`,
          );
        } else {
          context.io.stdout('Still unknown: none.');
        }
      }
      return stillOpen.length > 0 ? EXIT_UNKNOWN : 0;
    });
  },
};
