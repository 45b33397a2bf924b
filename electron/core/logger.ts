/**
 * The core logs through this interface; main plugs electron-log in, the CLI plugs stderr,
 * tests plug a recorder. Every sink runs its fields through `redact` first, so a token or a
 * secret that slips into a log call never reaches a file.
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
export function recordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (message: string, fields: LogFields = {}) => {
    records.push({ level, message: redactText(message), fields: redact(fields) as LogFields });
  };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const SECRET_KEY = /(secret|password|token|authorization|bearer|credential|apikey|api_key)/i;
// A full card number: 13-19 digits, optionally grouped. Masked PANs (414746XXXXXX0133) do not match.
const FULL_PAN = /\b(?:\d[ -]?){12,18}\d\b/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

export function redactText(text: string): string {
  return text.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted-jwt]').replace(FULL_PAN, '[redacted-pan]');
}

/** Deep copy with secret-looking keys blanked and secret-looking values masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}
