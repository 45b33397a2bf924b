import { CodedError } from '../../domain/coded-error.ts';
import type { MessageRef } from '../../domain/messages.ts';

/**
 * Every refusal or failure of the head-office replication is a HeadOfficeError with a stable
 * `code` the CLI and tests switch on. Messages never carry the connection's password
 * (connection-url.ts redacts it by value).
 */
export type HeadOfficeErrorCode =
  /** The connection URL does not parse, names no host, or is not postgres://. */
  | 'invalid-url'
  /** A non-loopback host without sslmode=require / verify-ca / verify-full, and no explicit permission. */
  | 'insecure-url'
  /** The server could not be reached, or the connection was lost; nothing past the last acknowledged batch counts. */
  | 'unreachable'
  /** The server refused the user or password (the password lives in the OS keychain, or PGPASSWORD). */
  | 'auth-failed'
  /** The server has no ecr_headoffice schema yet: run `ecr headoffice migrate`. */
  | 'schema-missing'
  /** The server's schema is newer than this till's code. */
  | 'schema-newer'
  /** The till id is bound to another install (a second writer for the same till id). */
  | 'till-claimed'
  /** An event or Z report differs from what the server holds for the same till and id: reported, never overwritten. */
  | 'conflict'
  /** The till's identity (shop, till id) is missing or malformed. */
  | 'invalid-identity'
  /** Restore from the head office: it holds no journal of this till id (in this environment). */
  | 'unknown-till'
  /** Restore from the head office: this machine already has a journal with events; it is never replaced. */
  | 'journal-exists'
  /** Restore from the head office: the copy did not verify (chain, head, projection); nothing was put in place. */
  | 'restore-failed'
  /** No head office is set in this till's settings (URL, shop, till id). */
  | 'not-configured'
  /** The server answered with an error this code did not expect. */
  | 'server-error';

export class HeadOfficeError extends CodedError<HeadOfficeErrorCode> {
  override name = 'HeadOfficeError';
  /** For 'conflict': the till's event ids (or Z report numbers) whose content differs from the server's. */
  readonly ids: readonly number[];

  constructor(code: HeadOfficeErrorCode, message: string | MessageRef, options: { ids?: readonly number[] } = {}) {
    super(code, message);
    this.ids = options.ids ?? [];
  }
}

export function isHeadOfficeError(error: unknown, code?: HeadOfficeErrorCode): error is HeadOfficeError {
  return error instanceof HeadOfficeError && (code === undefined || error.code === code);
}
