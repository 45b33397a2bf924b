import { headOfficeStatus } from '../../core/headoffice/index.ts';
import type { Command } from '../command.ts';
import { json } from '../format.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures, tillFilter } from './headoffice-connection.ts';

export const headOfficeStatusCommand: Command = {
  name: 'headoffice status',
  summary: "Each till's last acknowledged event at the head office and its lag (the till's reported head minus it).",
  usage: '--url URL [--till TILL] [--insecure]',
  options: { ...HEADOFFICE_OPTIONS, till: { type: 'string' } },
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const connection = headOfficeConnection(context);
      const tills = await headOfficeStatus({ url: connection, ...tillFilter(context) });
      if (context.global.json) context.io.stdout(json(tills));
      else for (const t of tills) context.io.stdout(`${t.shop}/${t.tillId}: acknowledged ${t.acked.events}, lag ${t.lag}, last push ${t.lastPushAt ?? 'never'}`);
      return 0;
    }),
};
