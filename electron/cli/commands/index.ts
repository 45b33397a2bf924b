import type { Command } from '../command.ts';
import { abortCommand } from './abort.ts';
import { attentionCommand } from './attention.ts';
import { backupCommand } from './backup.ts';
import { closeDayCommand } from './close-day.ts';
import { completeCommand } from './complete.ts';
import { devicesCommand } from './devices.ts';
import { fleetReportCommand } from './fleet-report.ts';
import { preauthCommand } from './preauth.ts';
import { headOfficeMigrateCommand } from './headoffice-migrate.ts';
import { headOfficePushCommand } from './headoffice-push.ts';
import { headOfficeStatusCommand } from './headoffice-status.ts';
import { headOfficeVerifyCommand } from './headoffice-verify.ts';
import { journalListCommand } from './journal-list.ts';
import { journalVerifyCommand } from './journal-verify.ts';
import { reconcileCommand } from './reconcile.ts';
import { recoverCommand } from './recover.ts';
import { refundCommand } from './refund.ts';
import { reportCommand } from './report.ts';
import { resolveCommand } from './resolve.ts';
import { restoreCommand } from './restore.ts';
import { saleCommand } from './sale.ts';
import { sessionCommand } from './session.ts';
import { sessionsCommand } from './sessions.ts';
import { simulatorCommand } from './simulator.ts';
import { statusCommand } from './status.ts';
import { tokenCommand } from './token.ts';

export const commands: readonly Command[] = [
  simulatorCommand,
  tokenCommand,
  devicesCommand,
  sessionCommand,
  sessionsCommand,
  saleCommand,
  refundCommand,
  preauthCommand,
  completeCommand,
  abortCommand,
  statusCommand,
  attentionCommand,
  recoverCommand,
  resolveCommand,
  journalListCommand,
  journalVerifyCommand,
  reconcileCommand,
  reportCommand,
  closeDayCommand,
  backupCommand,
  restoreCommand,
  headOfficeMigrateCommand,
  headOfficePushCommand,
  headOfficeStatusCommand,
  headOfficeVerifyCommand,
  fleetReportCommand,
];
