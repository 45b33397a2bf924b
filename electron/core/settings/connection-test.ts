import type { Clock } from '../clock.ts';
import { nullLogger, redactingLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import type { MessageParam } from '../../domain/coded-error.ts';
import { englishOf, type MessageId, type MessageRef } from '../../domain/messages.ts';
import { createVivaClient, isVivaError, type FetchFunction, type VivaEndpoints } from '../viva/index.ts';

/**
 * "Test connection" on the settings screen: obtain a token, then list the account's terminals,
 * and say in one plain sentence what works and what does not. Each failure class has its own
 * outcome so the screen can point at the right fix (the secret, the network, the terminal).
 */
export const CONNECTION_OUTCOMES = [
  'ok',
  'not-configured',
  'bad-credentials',
  'forbidden',
  'no-network',
  'no-live-devices',
  'viva-error',
] as const;
export type ConnectionOutcome = (typeof CONNECTION_OUTCOMES)[number];

export interface ConnectionTestResult {
  ok: boolean;
  outcome: ConnectionOutcome;
  /** In English; `messageId` and `params` name the same sentence in the catalogue (domain/messages.ts). */
  message: string;
  messageId: MessageId;
  params: Record<string, MessageParam>;
  /** Terminals whose inventory status is Live, in the order Viva listed them. */
  liveTerminals: string[];
  /** Every device the account has, live or not. */
  devices: number;
}

export interface ConnectionTestOptions {
  endpoints: VivaEndpoints;
  /** null: not entered yet. */
  credentials: { clientId: string; clientSecret: string } | null;
  fetch?: FetchFunction;
  clock?: Clock;
  logger?: Logger;
  timeoutMs?: number;
  /** The secret and the token the test obtains are added here, so no log keeps them. */
  secretValues?: SecretValues;
}

const LIVE = 1;

export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const secretValues = options.secretValues;
  secretValues?.add(options.credentials?.clientSecret);
  const logger = secretValues ? redactingLogger(options.logger ?? nullLogger, secretValues) : (options.logger ?? nullLogger);
  if (!options.credentials) return result('not-configured', { id: 'connection.not-configured' });
  try {
    const viva = createVivaClient({
      endpoints: options.endpoints,
      credentials: options.credentials,
      logger,
      ...(secretValues ? { secretValues } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    await viva.tokenInfo();
    const devices = await viva.searchDevices();
    const liveTerminals = devices.filter((device) => device.statusId === LIVE).map((device) => String(device.terminalId));
    if (liveTerminals.length === 0) {
      return {
        ...result('no-live-devices', devices.length === 0 ? { id: 'connection.no-devices' } : { id: 'connection.none-live', params: { count: devices.length } }),
        devices: devices.length,
      };
    }
    return { ...result('ok', { id: 'connection.ok', params: { count: liveTerminals.length, terminals: liveTerminals.join(', ') } }), liveTerminals, devices: devices.length };
  } catch (error) {
    const classified = classifyConnectionError(error);
    logger.warn('connection test failed', { outcome: classified.outcome, code: (error as { code?: unknown }).code });
    return result(classified.outcome, classified.ref);
  }
}

/** One failure class and a sentence for any error the token request or the device search can end with. */
export function classifyConnectionError(error: unknown): { outcome: ConnectionOutcome; ref: MessageRef; message: string } {
  const classified = classify(error);
  return { ...classified, message: englishOf(classified.ref) };
}

function classify(error: unknown): { outcome: ConnectionOutcome; ref: MessageRef } {
  if (!isVivaError(error)) return { outcome: 'viva-error', ref: { id: 'connection.unexpected' } };
  switch (error.code) {
    case 'auth':
      if (error.phase === 'local') return { outcome: 'not-configured', ref: { id: 'connection.not-configured' } };
      return { outcome: 'bad-credentials', ref: { id: 'connection.bad-credentials' } };
    case 'forbidden':
      return { outcome: 'forbidden', ref: { id: 'connection.forbidden' } };
    case 'network':
    case 'timeout':
      return { outcome: 'no-network', ref: { id: 'connection.no-network' } };
    default:
      // Viva's own words stay a detail of the English text.
      return { outcome: 'viva-error', ref: { id: 'connection.viva-error', detail: `(${error.message})` } };
  }
}

function result(outcome: ConnectionOutcome, ref: MessageRef): ConnectionTestResult {
  return { ok: outcome === 'ok', outcome, message: englishOf(ref), messageId: ref.id, params: { ...ref.params }, liveTerminals: [], devices: 0 };
}
