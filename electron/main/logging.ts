import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { LogMessage, NodeLogger } from 'electron-log';
import { redact, redactText, type Logger } from '../core/logger.ts';

/**
 * electron-log writes the app's log to `main.log` in the logs folder, rotated by size into
 * main.1.log ... main.N.log. Every message passes the core's redaction (tokens, secrets, full
 * card numbers) in a hook that runs before any transport, so neither the file nor the console
 * ever holds a secret that slipped into a log call.
 */
export const LOG_FILE = 'main.log';
export const DEFAULT_MAX_LOG_BYTES = 2 * 1024 * 1024;
export const DEFAULT_KEPT_LOGS = 5;

export interface LoggingOptions {
  logsDir: string;
  maxBytes?: number;
  /** How many rotated files to keep besides main.log. */
  keep?: number;
  level?: 'error' | 'warn' | 'info' | 'debug';
  /** Echo to the console (development). */
  console?: boolean;
}

/** The redaction hook: every argument of every message, before any transport sees it. */
export function redactLogMessage(message: LogMessage): LogMessage {
  message.data = message.data.map((item: unknown) => (typeof item === 'string' ? redactText(item) : redact(item)));
  return message;
}

/** `main.log` -> `main.1.log`, `main.1.log` -> `main.2.log`..., the oldest beyond `keep` deleted. Synchronous, as electron-log requires. */
export function rotateLogFile(file: string, keep: number = DEFAULT_KEPT_LOGS): void {
  const extension = extname(file);
  const stem = join(dirname(file), basename(file, extension));
  const numbered = (n: number) => `${stem}.${n}${extension}`;
  rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n -= 1) {
    if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  }
  if (keep >= 1) renameSync(file, numbered(1));
  else rmSync(file, { force: true });
}

export function configureLogging(log: NodeLogger, options: LoggingOptions): void {
  const file = log.transports.file;
  const keep = options.keep ?? DEFAULT_KEPT_LOGS;
  file.resolvePathFn = () => join(options.logsDir, LOG_FILE);
  file.maxSize = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  file.archiveLogFn = (oldFile) => rotateLogFile(oldFile.path, keep);
  file.level = options.level ?? 'info';
  file.format = '[{iso}] [{level}] {text}';
  log.transports.console.level = options.console ? (options.level ?? 'info') : false;
  if (!log.hooks.includes(redactLogMessage)) log.hooks.unshift(redactLogMessage);
}

/** The core's Logger interface on top of electron-log. */
export function loggerFrom(log: Pick<NodeLogger, 'debug' | 'info' | 'warn' | 'error'>): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields && Object.keys(fields).length > 0) log[level](message, fields);
      else log[level](message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
