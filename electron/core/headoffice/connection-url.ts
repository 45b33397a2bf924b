import { isIP } from 'node:net';
import pg from 'pg';
import type { MessageId } from '../../domain/messages.ts';
import { HeadOfficeError } from './errors.ts';

/** What the till was doing at the head office when it failed: a phrase of the catalogue, said in the sentence's language. */
export type HeadOfficeOperation = Extract<MessageId, `headoffice.op.${string}`>;

/**
 * The head office's connection URL, checked before anything connects: postgres:// only, TLS
 * required off the loopback (a till's journal and its server password must not cross a shop's
 * network or the internet in the clear), and the password, when the URL carries one, redacted by
 * value from every message this module family writes.
 */
export interface HeadOfficeConnection {
  /** The URL to hand to pg (with the password, if it had one). */
  url: string;
  /** The URL as it may be shown: the password replaced by ***. */
  shown: string;
  /** Replaces the exact password (raw and percent-encoded) in any text. */
  redact(text: string): string;
  loopback: boolean;
}

const SECURE_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '' || bare.startsWith('/')) return true; // a unix socket directory
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

export function parseHeadOfficeUrl(text: string, options: { allowInsecure?: boolean } = {}): HeadOfficeConnection {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new HeadOfficeError('invalid-url', { id: 'headoffice.url-not-parsed' });
  }
  const rawPassword = url.password;
  const password = rawPassword ? safeDecode(rawPassword) : '';
  const redact = (value: string): string => {
    let out = value;
    for (const secret of new Set([password, rawPassword].filter((s) => s.length > 0))) out = out.split(secret).join('***');
    return out;
  };
  const shownUrl = new URL(url.href);
  if (rawPassword) shownUrl.password = '***';
  const shown = shownUrl.href;
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new HeadOfficeError('invalid-url', { id: 'headoffice.url-not-postgres', params: { protocol: redact(url.protocol) } });
  }
  // A unix socket comes as ?host=/run/postgresql with an empty authority.
  const host = url.searchParams.get('host') ?? url.hostname;
  if (host === '') throw new HeadOfficeError('invalid-url', { id: 'headoffice.url-no-host', params: { server: shown } });
  const loopback = isLoopbackHost(host);
  const sslmode = url.searchParams.get('sslmode');
  if (!loopback && !(sslmode && SECURE_SSLMODES.has(sslmode)) && !options.allowInsecure) {
    throw new HeadOfficeError('insecure-url', { id: 'headoffice.url-insecure', params: { host } });
  }
  return { url: url.href, shown, redact, loopback };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A pool for the given connection; errors from idle clients (a server restart) are swallowed, the next query reports them. */
export function poolFor(connection: HeadOfficeConnection, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: connection.url, max: options.max ?? 2, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  return pool;
}

/** Turns whatever pg threw into a HeadOfficeError, the password redacted. */
export function describeServerError(error: unknown, connection: HeadOfficeConnection, doing: HeadOfficeOperation): HeadOfficeError {
  if (error instanceof HeadOfficeError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = connection.redact(raw);
  const code = (error as { code?: unknown } | null)?.code;
  const pgCode = typeof code === 'string' ? code : '';
  // Class 08: connection exceptions; 57P01..03: the server shut down or the backend was terminated.
  const lost =
    pgCode.startsWith('08') || pgCode.startsWith('57P') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(pgCode) ||
    /Connection terminated|timeout|ECONNREFUSED|ECONNRESET|not queryable|terminating connection/i.test(raw);
  // 28P01: wrong password; 28000: no such role or no pg_hba entry for it.
  if (pgCode === '28P01' || pgCode === '28000' || /password authentication failed|no password supplied|client password must be a string/i.test(raw)) {
    return new HeadOfficeError('auth-failed', { id: 'headoffice.auth-failed', params: { server: connection.shown }, detail: message });
  }
  if (pgCode === '3F000' || pgCode === '42P01') {
    return new HeadOfficeError('schema-missing', { id: 'headoffice.schema-missing', params: { server: connection.shown }, detail: `(${message})` });
  }
  return new HeadOfficeError(lost ? 'unreachable' : 'server-error', { id: 'headoffice.server-failed', params: { doingPhrase: doing, server: connection.shown }, detail: message });
}
