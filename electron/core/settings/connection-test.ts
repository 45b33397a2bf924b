import type { Clock } from '../clock.ts';
import { nullLogger, redactingLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
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
  message: string;
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
  if (!options.credentials) return result('not-configured', 'Enter the POS API client id and client secret first (Viva self-care: Settings > API Access).');
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
        ...result(
          'no-live-devices',
          devices.length === 0
            ? 'Connected to Viva, but this account has no terminal. Activate the Viva.com Terminal app on a device with this account.'
            : `Connected to Viva, but none of the account's ${devices.length} terminal(s) is live. Activate one in Viva self-care.`,
        ),
        devices: devices.length,
      };
    }
    const count = liveTerminals.length === 1 ? '1 live terminal' : `${liveTerminals.length} live terminals`;
    return { ok: true, outcome: 'ok', message: `Connected to Viva: ${count} (${liveTerminals.join(', ')}).`, liveTerminals, devices: devices.length };
  } catch (error) {
    const classified = classifyConnectionError(error);
    logger.warn('connection test failed', { outcome: classified.outcome, code: (error as { code?: unknown }).code });
    return result(classified.outcome, classified.message);
  }
}

/** One failure class and a sentence for any error the token request or the device search can end with. */
export function classifyConnectionError(error: unknown): { outcome: ConnectionOutcome; message: string } {
  if (!isVivaError(error)) return { outcome: 'viva-error', message: 'The connection test failed unexpectedly; see the log for details.' };
  switch (error.code) {
    case 'auth':
      if (error.phase === 'local') return { outcome: 'not-configured', message: error.message };
      return { outcome: 'bad-credentials', message: 'Viva did not accept the client id or client secret. Check both in Settings (they are the POS API credentials, not the Smart Checkout ones).' };
    case 'forbidden':
      return { outcome: 'forbidden', message: 'Viva accepted the credentials but refused access to the Cloud Terminal API. Use POS API credentials of the merchant account that owns the terminals.' };
    case 'network':
    case 'timeout':
      return { outcome: 'no-network', message: 'Viva could not be reached. Check this computer\'s internet connection (and any proxy or firewall), then try again.' };
    default:
      return { outcome: 'viva-error', message: `Viva answered with an error: ${error.message}` };
  }
}

function result(outcome: ConnectionOutcome, message: string): ConnectionTestResult {
  return { ok: outcome === 'ok', outcome, message, liveTerminals: [], devices: 0 };
}
