import { userInfo } from 'node:os';
import { systemClock } from '../../core/clock.ts';
import { restoreJournal } from '../../core/backup/index.ts';
import { restoreFromHeadOffice } from '../../core/headoffice/index.ts';
import { optionalOption } from '../arguments.ts';
import type { Command, CommandContext } from '../command.ts';
import { dataDirFor } from '../core.ts';
import { json } from '../format.ts';
import { UsageError } from '../usage-error.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures } from './headoffice-connection.ts';

/** `ecr restore FROM`: a verified backup in place of the journal, never losing newer data unless forced with a reason. */
export const restoreCommand: Command = {
  name: 'restore',
  summary:
    'Restore the journal from a backup file: verified first; refused when the current journal holds events or Z reports the backup lacks (unless --force --reason), or while the app or a payment runs (exit 0 restored, 1 not). ' +
    'With --from-headoffice: a new machine for a till pulls its journal back from the head office, verified (chain re-walked, head equal to the server\'s), before it takes payments.',
  usage: '<backup file> [--force --reason "..."] [--operator NAME] | --from-headoffice --url URL --till TILL [--insecure]',
  options: {
    force: { type: 'boolean' },
    reason: { type: 'string' },
    operator: { type: 'string' },
    'from-headoffice': { type: 'boolean' },
    till: { type: 'string' },
    ...HEADOFFICE_OPTIONS,
  },
  positionals: ['[backup file]'],
  async run(context) {
    const { values, io } = context;
    if (values['from-headoffice'] === true) return fromHeadOffice(context);
    if (values.url !== undefined || values.till !== undefined) throw new UsageError({ id: 'cli.url-till-need-headoffice' });
    const from = context.positionals[0];
    if (from === undefined || context.positionals.length > 1) throw new UsageError({ id: 'cli.restore-needs-file' });
    const reason = optionalOption(values, 'reason');
    const force = values.force === true;
    if (force && reason === undefined) throw new UsageError({ id: 'cli.force-needs-reason' });
    if (!force && reason !== undefined) throw new UsageError({ id: 'cli.reason-goes-with', params: { flag: '--force' } });
    const operator = optionalOption(values, 'operator') ?? osUserName(context);
    if (force && !operator) throw new UsageError({ id: 'cli.who-are-you' });

    const result = restoreJournal({
      dataDir: dataDirFor(context),
      environment: context.global.env,
      from,
      clock: systemClock,
      ...(force ? { force: { reason: reason as string, operator: operator as string } } : {}),
    });
    if (context.global.json) {
      io.stdout(json(result));
      return 0;
    }
    io.stdout(`Journal restored and verified: ${result.file} now holds ${result.head.events} events (head ${result.head.head.slice(0, 16)}…) from ${result.from}.`);
    if (result.previous) io.stdout(`The journal it replaced is kept as ${result.previous.movedTo}.`);
    if (result.forced) io.stdout(`Forced (${result.forced.operator}: ${result.forced.reason}); set aside: ${result.lost.join(' ')}`);
    return 0;
  },
};

function fromHeadOffice(context: CommandContext): Promise<number> {
  return reportingFailures(context, async () => {
    if (context.positionals.length > 0 || context.values.force === true) throw new UsageError({ id: 'cli.headoffice-restore-alone' });
    const tillId = (context.values.till as string | undefined) ?? context.io.env.ECR_TILL_ID;
    if (!tillId) throw new UsageError({ id: 'cli.needs-till' });
    const result = await restoreFromHeadOffice({
      url: headOfficeConnection(context),
      tillId,
      dataDir: dataDirFor(context),
      environment: context.global.env,
      clock: systemClock,
    });
    if (context.global.json) {
      context.io.stdout(json(result));
      return 0;
    }
    context.io.stdout(
      `Journal of till ${result.tillId} (${result.shop}) restored from the head office and verified: ${result.head.events} events (head ${result.head.head.slice(0, 16)}…), ` +
        `${result.sessions} sessions, ${result.zReports} Z reports, in ${result.file}. This machine now pushes as till ${result.tillId}.`,
    );
    if (result.unacknowledged > 0) context.io.stdout(`The till had reported ${result.unacknowledged} more event(s) that never reached the head office: they could not be restored.`);
    return 0;
  });
}

function osUserName(context: CommandContext): string | undefined {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return context.io.env.USER?.trim() || context.io.env.USERNAME?.trim() || undefined;
}
