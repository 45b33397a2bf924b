import { SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET } from '../core/simulator/index.ts';
import { customEndpoints, vivaEndpoints, type VivaClientOptions } from '../core/viva/index.ts';
import type { GlobalOptions } from './global-options.ts';
import { UsageError } from './usage-error.ts';

/** `ecr simulator` listens here unless told otherwise, so the simulator environment finds it. */
export const DEFAULT_SIMULATOR_PORT = 4010;
export const DEFAULT_SIMULATOR_URL = `http://127.0.0.1:${DEFAULT_SIMULATOR_PORT}`;

/**
 * Turns the global options and environment variables into where the client connects and with
 * which credentials. The secret is read only from ECR_CLIENT_SECRET: a command-line argument
 * would be visible to every user of the machine in the process list.
 */
export function connectionOptions(
  global: GlobalOptions,
  env: Record<string, string | undefined>,
): Pick<VivaClientOptions, 'endpoints' | 'credentials'> {
  if (global.env === 'simulator') {
    const apiUrl = global.apiUrl ?? DEFAULT_SIMULATOR_URL;
    const endpoints = customEndpoints({ apiUrl, accountsUrl: global.accountsUrl ?? apiUrl });
    const clientId = global.clientId ?? SIMULATOR_CLIENT_ID;
    const clientSecret = global.clientId ? requiredSecret(env) : SIMULATOR_CLIENT_SECRET;
    return { endpoints, credentials: { clientId, clientSecret } };
  }
  const hosts = vivaEndpoints(global.env);
  const endpoints = customEndpoints({
    apiUrl: global.apiUrl ?? hosts.apiUrl,
    accountsUrl: global.accountsUrl ?? hosts.accountsUrl,
  });
  const clientId = global.clientId ?? env.ECR_CLIENT_ID;
  if (!clientId) {
    throw new UsageError({ id: 'cli.needs-client-id', params: { environment: global.env } });
  }
  return { endpoints, credentials: { clientId, clientSecret: requiredSecret(env) } };
}

function requiredSecret(env: Record<string, string | undefined>): string {
  const secret = env.ECR_CLIENT_SECRET;
  if (!secret) throw new UsageError({ id: 'cli.needs-client-secret' });
  return secret;
}
