import { pushJournal } from '../../core/headoffice/index.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { json } from '../format.ts';
import { HEADOFFICE_OPTIONS, TILL_OPTIONS, headOfficeConnection, reportingFailures, tillIdentityFor } from './headoffice-connection.ts';

export const headOfficePushCommand: Command = {
  name: 'headoffice push',
  summary: 'Push the journal to the head office once, from the last acknowledged event (for scripts and schedulers); exit 0 caught up, 1 not.',
  usage: '--url URL --shop SHOP --till TILL [--insecure]',
  options: { ...HEADOFFICE_OPTIONS, ...TILL_OPTIONS },
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const connection = headOfficeConnection(context);
      const identity = tillIdentityFor(context);
      // Read-only: a push never writes to the journal and runs beside the app taking payments.
      return withJournal(
        context,
        async (journal) => {
          const result = await pushJournal({ journal, url: connection, identity });
          if (context.global.json) context.io.stdout(json(result));
          else context.io.stdout(`Pushed till ${result.tillId}: ${result.stored} new event(s), ${result.acked.events} acknowledged of ${result.head.events}.`);
          return 0;
        },
        { readOnly: true },
      );
    }),
};
