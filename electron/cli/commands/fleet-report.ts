import { writeFileSync } from 'node:fs';
import { FLEET_FORMATS, fleetReport, formatFleetReport, type FleetFormat } from '../../core/headoffice/index.ts';
import { optionalOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../usage-error.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures } from './headoffice-connection.ts';
import { isoDate } from './sessions.ts';

/** `ecr fleet report --date D [--format csv|json|html] [--out FILE]`: one business day across every shop and till, from the head office. */
export const fleetReportCommand: Command = {
  name: 'fleet report',
  summary:
    "One business day across every shop and till, from the head-office database: each till's totals per currency, its Z report (closed or missing), unknown payments and open alerts, its last push and chain status.",
  usage: '--url URL --date YYYY-MM-DD [--format csv|json|html (default json)] [--out FILE] [--insecure]',
  options: { ...HEADOFFICE_OPTIONS, date: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const { values, io } = context;
      if (values.date === undefined) throw new UsageError({ id: 'cli.needs-business-day', params: { command: 'fleet report' } });
      const day = isoDate(values.date);
      const format = (optionalOption(values, 'format') ?? 'json') as FleetFormat;
      if (!(FLEET_FORMATS as readonly string[]).includes(format)) throw new UsageError({ id: 'cli.format-choices', params: { choices: FLEET_FORMATS.join(', '), got: format } });
      const out = optionalOption(values, 'out');
      const report = await fleetReport({ url: headOfficeConnection(context), businessDay: day });
      const text = formatFleetReport(report, format);
      if (out === undefined) {
        io.stdout(text.replace(/\n$/, ''));
        return 0;
      }
      writeFileSync(out, text, 'utf8');
      io.stderr(`Wrote the ${format.toUpperCase()} fleet report of ${day} (${report.tills.length} tills) to ${out}.`);
      return 0;
    }),
};
