import { createWriteStream, writeFileSync } from 'node:fs';
import { EXPORT_FORMATS, createReportsService, type ExportFormat } from '../../core/reports/index.ts';
import { optionalOption, requiredOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { UsageError } from '../usage-error.ts';
import { isoDate } from './sessions.ts';

/**
 * `ecr report --date D --format csv|json|html [--out FILE]`: the day's report from the journal
 * alone (offline). `--to D2` exports the sessions of every business day from --date to D2 as
 * CSV, streamed to --out with progress on stderr (a year at a time, say).
 */
export const reportCommand: Command = {
  name: 'report',
  summary: "Write a business day's report (CSV: one row per session; JSON: everything; HTML: the printable Z report), from the journal alone.",
  usage: '--date YYYY-MM-DD --format csv|json|html [--out FILE] [--to YYYY-MM-DD (csv: every day up to this one; needs --out)]',
  options: { date: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, to: { type: 'string' } },
  positionals: [],
  async run(context) {
    const { values, io } = context;
    if (values.date === undefined) throw new UsageError({ id: 'cli.needs-business-day', params: { command: 'report' } });
    const day = isoDate(values.date);
    const format = requiredOption(values, 'format', 'cli.hint.formats', { formats: EXPORT_FORMATS.join(', ') });
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError({ id: 'cli.format-choices', params: { choices: EXPORT_FORMATS.join(', '), got: format } });
    const out = optionalOption(values, 'out');
    const to = values.to === undefined ? undefined : isoDate(values.to, '--to');
    if (to !== undefined && (format !== 'csv' || out === undefined)) throw new UsageError({ id: 'cli.to-needs-csv-out' });

    return withJournal(context, async (journal) => {
      const reports = createReportsService({ journal });
      if (to !== undefined && out !== undefined) {
        const file = createWriteStream(out);
        const { rows } = await reports.exportCsv({ fromDay: day, toDay: to }, file, {
          onProgress: ({ rows: done, total }) => io.stderr(`${done} of ${total} sessions written (${total === 0 ? 100 : Math.floor((done * 100) / total)}%)`),
        });
        io.stderr(`Wrote ${rows} sessions of ${day} .. ${to} to ${out}.`);
        return 0;
      }
      const text = reports.exportDay(day, format as ExportFormat);
      if (out === undefined) {
        io.stdout(text);
        return 0;
      }
      writeFileSync(out, text, 'utf8');
      io.stderr(`Wrote the ${format.toUpperCase()} report of ${day} to ${out} (${Buffer.byteLength(text)} bytes).`);
      return 0;
    }, { readOnly: true });
  },
};
