import { headOfficeStatus, readPushStatus } from '../../core/headoffice/index.ts';
import type { Command } from '../command.ts';
import { dataDirFor } from '../core.ts';
import { json } from '../format.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures, tillFilter } from './headoffice-connection.ts';

export const headOfficeStatusCommand: Command = {
  name: 'headoffice status',
  summary:
    "Each till's last acknowledged event at the head office and its lag (the till's reported head minus it); on a till, also the app's own background push (last push, last error).",
  usage: '--url URL [--till TILL] [--insecure]',
  options: { ...HEADOFFICE_OPTIONS, till: { type: 'string' } },
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const connection = headOfficeConnection(context);
      const tills = await headOfficeStatus({ url: connection, ...tillFilter(context) });
      // What the app on this machine last saw of its own push (written beside the journal).
      const local = readPushStatus(dataDirFor(context), context.global.env);
      if (context.global.json) {
        context.io.stdout(json(tills.map((t) => (local && local.tillId === t.tillId ? { ...t, backgroundPush: local } : t))));
        return 0;
      }
      for (const t of tills) context.io.stdout(`${t.shop}/${t.tillId}: acknowledged ${t.acked.events}, lag ${t.lag}, last push ${t.lastPushAt ?? 'never'}`);
      if (local) {
        context.io.stdout(
          `This till's background push (${local.shop ?? '?'}/${local.tillId ?? '?'}): last push ${local.lastPushAt ?? 'never'}, ` +
            `acknowledged ${local.acked?.events ?? 0}, last error ${local.lastError ? `${local.lastError.code} at ${local.lastError.at}` : 'none'}`,
        );
      }
      return 0;
    }),
};
