import { redact, redactText, type LogFields, type Logger } from '../core/logger.ts';
import type { SecretValues } from '../core/secret-values.ts';
import type { CliIo } from './io.ts';

/** --verbose: one redacted line per log record on stderr, so stdout stays machine-readable. */
export function stderrLogger(io: CliIo, secrets?: SecretValues): Logger {
  const line = (level: string) => (message: string, fields?: LogFields) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redact(fields, secrets))}` : '';
    io.stderr(`[${level}] ${redactText(message, secrets)}${extra}`);
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
