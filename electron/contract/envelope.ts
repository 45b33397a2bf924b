import type { HeadOfficeErrorCode } from '../core/headoffice/errors.ts';
import type { JournalErrorCode } from '../core/journal/errors.ts';
import type { MoneyErrorCode } from '../core/money.ts';
import type { PaymentErrorCode } from '../core/payments/errors.ts';
import type { ReportErrorCode } from '../core/reports/errors.ts';
import type { SecretStoreErrorCode } from '../core/settings/secret-store.ts';
import type { SettingsErrorCode } from '../core/settings/settings.ts';
import type { VivaErrorCode } from '../core/viva/errors.ts';
import type { FieldProblem, MessageParam } from '../domain/coded-error.ts';
import type { MessageId } from '../domain/messages.ts';

/**
 * Every channel answers with a result envelope, never a thrown error: Electron turns a thrown
 * error into a bare message string across IPC, and the UI needs the code to decide what to show.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcError {
  code: ErrorCode;
  /** The sentence in English (logs, and a fallback); never a secret. */
  message: string;
  /** The sentence's id in the message catalogue (electron/domain/messages.ts), rendered in the chosen language. */
  messageId?: MessageId;
  params?: Record<string, MessageParam>;
  /** Per-field problems of a refused input or settings change. */
  fields?: FieldProblem[];
}

export type { FieldProblem };

/** Codes produced by the IPC layer itself. */
export const IPC_ERROR_CODES = [
  /** The payload does not match the channel's schema; nothing was done. */
  'invalid-input',
  /** The call did not come from the till's own page; nothing was done. */
  'foreign-sender',
  'unknown-channel',
  /** An error the shell did not expect; details are in the log, not in the message. */
  'internal',
] as const;

/** Codes produced by the Electron shell (main) while serving a channel. */
export const SHELL_ERROR_CODES = [
  /** The core is being built (start-up, environment switch); try again in a moment. */
  'starting',
  /** Demo or production is chosen but its Viva credentials are not entered. */
  'needs-credentials',
  /** The core could not be built (a damaged journal...): the message says why. */
  'core-failed',
  /** A payment is on a terminal: the environment and core settings cannot change now. */
  'payment-in-progress',
  /** No terminal was given and no default terminal is set. */
  'no-terminal',
  /** An external link that is not https. */
  'not-https',
  /** A file could not be written. */
  'save-failed',
  /** The virtual terminal exists only in the Simulator environment. */
  'not-simulator',
  /** The simulated terminal refused the customer's action (no session waiting, unknown terminal). */
  'simulator-refused',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export type ShellErrorCode = (typeof SHELL_ERROR_CODES)[number];

export type ErrorCode =
  | IpcErrorCode
  | ShellErrorCode
  | PaymentErrorCode
  | JournalErrorCode
  | VivaErrorCode
  | MoneyErrorCode
  | SettingsErrorCode
  | SecretStoreErrorCode
  | ReportErrorCode
  | HeadOfficeErrorCode;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure(code: ErrorCode, message: string, fields?: FieldProblem[]): Result<never> {
  return { ok: false, error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}
