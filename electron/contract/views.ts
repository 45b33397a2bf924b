import type { JournalEvent } from '../core/journal/index.ts';
import type { SessionRecord } from '../domain/session-record.ts';
import type { CredentialStatus } from '../core/settings/secret-store.ts';
import type { MessageParam } from '../domain/coded-error.ts';
import type { MessageId } from '../domain/messages.ts';
import type { HeadOfficePushStatus } from '../core/headoffice/background-push.ts';
import type { BackupErrorCode } from '../core/backup/errors.ts';
import type { CredentialEnvironment, Environment, Settings } from '../core/settings/schema.ts';

/**
 * What the channels answer with, besides the core's own records (SessionRecord, SessionPage,
 * VerifyResult, Refundable, ConnectionTestResult), which travel as they are: none carries a secret.
 */

/** Where the till stands: drives the training banner, the offline banner and the "starting" screen. */
export interface AppStatus {
  environment: Environment;
  /** The Simulator environment: no real money moves. */
  training: boolean;
  /**
   * starting: the core is being built or is recovering open payments (no payment yet);
   * ready: payments accepted; needs-credentials: demo/production without credentials (the journal
   * can still be read); failed: the core could not be built (`message` says why).
   */
  state: 'starting' | 'ready' | 'needs-credentials' | 'failed' | 'closed';
  /** In English (logs); `messageId` and `params` name the same sentence in the catalogue (domain/messages.ts). */
  message: string | null;
  messageId?: MessageId | null;
  params?: Record<string, MessageParam>;
  /** Whether Viva answered the last call. */
  online: boolean;
  /**
   * Why the till takes no new payment although it is up: another Cloud ECR process holds this
   * journal ('locked-out', it is taken over when free), or the journal refuses writes
   * ('journal-unwritable': disk full, locked, read-only or damaged; outcomes already learned are
   * kept and written when it accepts them). null when payments are taken.
   */
  payments: { code: 'locked-out' | 'journal-unwritable'; message: string; messageId?: MessageId; params?: Record<string, MessageParam> } | null;
  version: string;
}

export interface SettingsView {
  settings: Settings;
  /** Per environment: whether a client secret is set, never its value. */
  credentials: Record<CredentialEnvironment, CredentialStatus>;
  /** False when the OS keychain could not be read (credentials then show as not set). */
  keychainAvailable: boolean;
}

export interface DeviceView {
  terminalId: string;
  /** Viva's inventory status (1 = Live). */
  statusId: number | null;
  live: boolean;
  sourceCode: string | null;
  virtualTerminalId: string | null;
}

export interface SessionDetail {
  session: SessionRecord;
  /** The session's journaled history, oldest first. */
  events: JournalEvent[];
}

export interface DiagnosticsExport {
  saved: boolean;
  /** Where the bundle was written; null when the save dialog was cancelled. */
  file: string | null;
}

export interface ExportResult {
  saved: boolean;
  /** Where the export was written; null when the save dialog was cancelled. */
  file: string | null;
  /** Sessions written (CSV exports). */
  rows?: number;
}

// --- head office and backups ------------------------------------------------------------------

/** The last automatic backup, as Settings and End of day show it: a code, never a sentence or a secret. */
export interface BackupView {
  ok: boolean;
  trigger: 'manual' | 'close-day' | 'daily';
  /** UTC ISO 8601. */
  at: string;
  /** The verified backup's file; null when it failed. */
  file: string | null;
  errorCode: BackupErrorCode | null;
}

/** The head office and the backups, for Settings, End of day and the attention list. */
export interface HeadOfficeView {
  /** The background push; null while the core is not running (no credentials yet). */
  push: HeadOfficePushStatus | null;
  /** Whether a head-office password is in the OS keychain, never what it is. */
  hasPassword: boolean;
  keychainAvailable: boolean;
  /** The last automatic backup since the app started; null before the first. */
  lastBackup: BackupView | null;
  /** True when the last automatic backup failed: an attention item until a backup succeeds. */
  backupFailed: boolean;
}
