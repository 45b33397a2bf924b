import type { SecretValues } from './secret-values.ts';

/**
 * The core logs through this interface; main plugs electron-log in, the CLI plugs stderr,
 * tests plug a recorder. Every sink runs its text through `redact` with the till's SecretValues
 * first, so the client secret or a token that slips into a log call never reaches a file.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const nullLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

/** Keeps every record in memory; tests read `records` to assert on what was logged. */
export function recordingLogger(secrets?: SecretValues): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (message: string, fields: LogFields = {}) => {
    records.push({ level, message: redactText(message, secrets), fields: redact(fields, secrets) as LogFields });
  };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A logger that cuts the known secret values out of every record before handing it on: the
 * core wraps whatever sink it is given, so nothing it logs depends on the sink being careful.
 */
export function redactingLogger(inner: Logger, secrets: SecretValues): Logger {
  const at = (level: LogRecord['level']) => (message: string, fields?: LogFields) => {
    if (fields === undefined) inner[level](redactText(message, secrets));
    else inner[level](redactText(message, secrets), redact(fields, secrets) as LogFields);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

// A full card number: 13-19 digits, optionally grouped. Masked PANs (414746XXXXXX0133) do not match.
// Card numbers are masked by shape (PCI DSS); credentials are not: the exact values do that.
const FULL_PAN = /\b(?:\d[ -]?){12,18}\d\b/g;

export function redactText(text: string, secrets?: SecretValues): string {
  const cut = secrets ? secrets.redact(text) : text;
  return cut.replace(FULL_PAN, '[redacted-pan]');
}

/** Deep copy with every known secret value and every full card number cut out of its strings. */
export function redact(value: unknown, secrets?: SecretValues, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message, secrets) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[redactText(key, secrets)] = redact(inner, secrets, depth + 1);
    return out;
  }
  return value;
}
