import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock.ts';
import type { VerifyResult } from '../core/journal/index.ts';
import { redact, redactText } from '../core/logger.ts';
import type { SecretValues } from '../core/secret-values.ts';
import { CREDENTIAL_ENVIRONMENTS, credentialStatus, type SecretStore, type Settings } from '../core/settings/index.ts';
import { SIMULATOR_CLIENT_SECRET } from '../core/simulator/index.ts';
import type { AppStatus } from '../contract/views.ts';

/**
 * "Export diagnostics": one JSON file a merchant can send to support: versions, the till's status
 * and settings, the journal's verify result and the tail of the logs. Never a secret: credentials
 * appear only as "set / not set", every string passes the log redaction, and as a last guard every
 * known secret value is cut out of the finished text.
 */
export interface AppInfo {
  name: string;
  version: string;
  electron: string | null;
  chrome: string | null;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  packaged: boolean;
}

export type CredentialsState = 'set' | 'incomplete' | 'not set';
// Key names matter: the log redaction blanks any key that looks like "secret" or "credential".

export interface DiagnosticsBundle {
  generatedAt: string;
  app: AppInfo;
  status: AppStatus | null;
  settings: Settings | { error: string };
  vivaAccount: { demo: CredentialsState; production: CredentialsState };
  journal: { environment: string; verify: VerifyResult } | { environment: string; error: string };
  logs: { file: string; tail: string }[];
}

/** Per log file, at most this much of its end. */
export const LOG_TAIL_BYTES = 256 * 1024;
export const DIAGNOSTICS_FORMAT = 'cloud-ecr-diagnostics/1';

/** The newest log files (main.log, then main.1.log...), the last `maxBytes` of each, whole lines only. */
export function readLogTails(logsDir: string, maxFiles = 2, maxBytes = LOG_TAIL_BYTES): { file: string; tail: string }[] {
  let names: string[];
  try {
    names = readdirSync(logsDir).filter((name) => name.endsWith('.log'));
  } catch {
    return [];
  }
  const order = (name: string) => (name === 'main.log' ? 0 : Number(/\.(\d+)\.log$/.exec(name)?.[1] ?? 1000));
  return names
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .slice(0, maxFiles)
    .map((name) => ({ file: name, tail: tailOf(join(logsDir, name), maxBytes) }));
}

function tailOf(file: string, maxBytes: number): string {
  const size = statSync(file).size;
  const start = Math.max(0, size - maxBytes);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  // A cut in the middle of a line (or of a UTF-8 character) starts at the next whole line.
  return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
}

/** The finished file's text: redacted, then every known secret value removed wherever it appears. */
export function renderDiagnostics(bundle: DiagnosticsBundle, knownSecrets: readonly string[], secretValues?: SecretValues): string {
  const document = { format: DIAGNOSTICS_FORMAT, ...(redact(bundle, secretValues) as object) };
  let text = `${JSON.stringify(document, null, 2)}\n`;
  // Short values would cut ordinary words out of the text; real secrets are long.
  for (const secret of new Set(knownSecrets)) {
    if (secret.length < 6) continue;
    text = text.replaceAll(secret, '[redacted]');
    // Also as it would appear inside a JSON string.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) text = text.replaceAll(escaped, '[redacted]');
  }
  return redactText(text, secretValues);
}

export function credentialsState(status: { clientId: string | null; hasClientSecret: boolean }): CredentialsState {
  if (status.clientId && status.hasClientSecret) return 'set';
  return status.clientId || status.hasClientSecret ? 'incomplete' : 'not set';
}

export interface DiagnosticsSources {
  host: { status(): AppStatus; journal(): { environment: string; verify(): VerifyResult } };
  settings: { read(): Settings };
  secrets: SecretStore;
  logsDir: string;
  app: AppInfo;
  clock?: Clock;
  /** Tokens the till obtained (and the secrets it was given), cut out of the finished text too. */
  secretValues?: SecretValues;
}

/** Gathers the bundle from the running app and renders it; every part that fails says so instead of failing the export. */
export function createDiagnosticsCollector(sources: DiagnosticsSources): () => Promise<string> {
  const clock = sources.clock ?? systemClock;
  return async () => {
    const settings = attempt(() => sources.settings.read());
    const environment = 'error' in settings ? 'unknown' : settings.environment;
    const journal = attempt(() => {
      const current = sources.host.journal();
      return { environment: current.environment, verify: current.verify() };
    });
    const credentials = { demo: 'not set', production: 'not set' } as DiagnosticsBundle['vivaAccount'];
    const knownSecrets: string[] = [SIMULATOR_CLIENT_SECRET];
    for (const env of CREDENTIAL_ENVIRONMENTS) {
      try {
        const status = await credentialStatus(sources.secrets, env);
        credentials[env] = credentialsState(status);
        const secret = await sources.secrets.get(env, 'clientSecret');
        if (secret) knownSecrets.push(secret);
      } catch {
        // The keychain is unavailable: the bundle says "not set" and carries no secret anyway.
      }
    }
    const bundle: DiagnosticsBundle = {
      generatedAt: new Date(clock.now()).toISOString(),
      app: sources.app,
      status: attemptOrNull(() => sources.host.status()),
      settings,
      vivaAccount: credentials,
      journal: 'error' in journal ? { environment, error: journal.error } : journal,
      logs: readLogTails(sources.logsDir),
    };
    return renderDiagnostics(bundle, knownSecrets, sources.secretValues);
  };
}

function attempt<T extends object>(work: () => T): T | { error: string } {
  try {
    return work();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function attemptOrNull<T>(work: () => T): T | null {
  try {
    return work();
  } catch {
    return null;
  }
}
