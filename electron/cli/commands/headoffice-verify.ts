import { verifyHeadOffice } from '../../core/headoffice/index.ts';
import type { Command } from '../command.ts';
import { json } from '../format.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures, tillFilter } from './headoffice-connection.ts';

export const headOfficeVerifyCommand: Command = {
  name: 'headoffice verify',
  summary: "Re-walk each till's hash chain on the head office and compare it with the heads the till reported; exit 0 all intact, 1 not.",
  usage: '--url URL [--till TILL] [--insecure]',
  options: { ...HEADOFFICE_OPTIONS, till: { type: 'string' } },
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const connection = headOfficeConnection(context);
      const tills = await verifyHeadOffice({ url: connection, ...tillFilter(context) });
      if (context.global.json) context.io.stdout(json(tills));
      else
        for (const t of tills) {
          context.io.stdout(t.ok ? `${t.tillId}: intact, ${t.events} events${t.behindBy ? ` (${t.behindBy} not pushed yet)` : ''}` : `${t.tillId}: BROKEN at event ${t.problem?.eventId}: ${t.problem?.detail}`);
        }
      return tills.every((t) => t.ok) ? 0 : 1;
    }),
};
