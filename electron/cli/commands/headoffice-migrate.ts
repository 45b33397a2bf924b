import { migrateHeadOffice } from '../../core/headoffice/index.ts';
import type { Command } from '../command.ts';
import { json } from '../format.ts';
import { HEADOFFICE_OPTIONS, headOfficeConnection, reportingFailures } from './headoffice-connection.ts';

export const headOfficeMigrateCommand: Command = {
  name: 'headoffice migrate',
  summary: 'Create or update the head-office schema (ecr_headoffice) on a PostgreSQL 15+ server; run once, before the first push.',
  usage: '--url postgres://user@host/db?sslmode=verify-full [--insecure]',
  options: HEADOFFICE_OPTIONS,
  positionals: [],
  run: (context) =>
    reportingFailures(context, async () => {
      const connection = headOfficeConnection(context);
      const result = await migrateHeadOffice(connection);
      if (context.global.json) context.io.stdout(json(result));
      else context.io.stdout(result.applied.length ? `Head office at ${connection.shown}: schema version ${result.from} -> ${result.to}.` : `Head office at ${connection.shown}: schema up to date (version ${result.to}).`);
      return 0;
    }),
};
