import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { LogMessage, NodeLogger } from 'electron-log';
import { redact, redactText, type Logger } from '../core/logger.ts';
import type { SecretValues } from '../core/secret-values.ts';

/**
 * electron-log writes the app's log to `main.log` in the logs folder, rotated by size into
 * main.1.log ... main.N.log. Every message passes the core's redaction (the exact client secret
 * and tokens the till knows, full card numbers) in a hook that runs before any transport, so
 * neither the file nor the console ever holds a secret that slipped into a log call.
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
  /** The till's known secret values, cut out of every message. */
  secrets?: SecretValues;
}

/** The redaction: every argument of every message, before any transport sees it. */
export function redactLogMessage(message: LogMessage, secrets?: SecretValues): LogMessage {
  message.data = message.data.map((item: unknown) => (typeof item === 'string' ? redactText(item, secrets) : redact(item, secrets)));
  return message;
}

const REDACTION_HOOK = Symbol('cloud-ecr log redaction');
type Hook = NodeLogger['hooks'][number];

/** The hook electron-log runs first, marked so configuring twice replaces it instead of stacking a second. */
export function redactionHook(secrets?: SecretValues): Hook {
  const hook = ((message: LogMessage) => redactLogMessage(message, secrets)) as Hook & { [REDACTION_HOOK]?: true };
  hook[REDACTION_HOOK] = true;
  return hook;
}

export function isRedactionHook(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as { [REDACTION_HOOK]?: true })[REDACTION_HOOK] === true;
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
  const others = log.hooks.filter((hook) => !isRedactionHook(hook));
  log.hooks.splice(0, log.hooks.length, redactionHook(options.secrets), ...others);
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
