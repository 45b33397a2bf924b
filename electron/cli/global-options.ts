import { checkedOptionText } from './arguments.ts';
import { UsageError } from './usage-error.ts';
import type { OptionSpec, OptionValues } from './command.ts';

export const ENVIRONMENTS = ['simulator', 'demo', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const globalOptionSpec = {
  env: { type: 'string' },
  'api-url': { type: 'string' },
  'accounts-url': { type: 'string' },
  'client-id': { type: 'string' },
  'data-dir': { type: 'string' },
  'cash-register': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const GLOBAL_USAGE = `Global options:
  --env simulator|demo|production   which Viva to talk to (default: simulator)
  --api-url URL                     Cloud Terminal API base URL (simulator: http://127.0.0.1:4010)
  --accounts-url URL                accounts (token) base URL (default: same as the environment's)
  --client-id ID                    POS API client id; the secret comes from ECR_CLIENT_SECRET
  --data-dir DIR                    where the journal lives (or ECR_DATA_DIR; one file per --env)
  --cash-register ID                this till's cash register id (or ECR_CASH_REGISTER; default: host name)
  --json                            print one JSON document on stdout
  --verbose                         log each HTTP call on stderr (never a token or secret)

Payment commands exit 0 approved, 2 not paid (declined, cancelled, aborted, failed), 3 unknown,
1 on an error. ECR_ENGINE_CONFIG may hold the engine's timings as JSON (milliseconds, e.g.
{"pollIntervalMs":500,"deadlineMs":30000}) for demos and tests.`;

export interface GlobalOptions {
  env: EnvironmentName;
  apiUrl: string | undefined;
  accountsUrl: string | undefined;
  clientId: string | undefined;
  dataDir: string | undefined;
  cashRegister: string | undefined;
  json: boolean;
  verbose: boolean;
  help: boolean;
}

function httpUrl(value: string | boolean | undefined, flag: string): string | undefined {
  if (value === undefined || typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError({ id: 'cli.not-a-url', params: { flag, value } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError({ id: 'cli.url-not-http', params: { flag, value } });
  }
  return url.href.replace(/\/+$/, '');
}

export function readGlobalOptions(values: OptionValues, env: Record<string, string | undefined>): GlobalOptions {
  const envName = (values.env as string | undefined) ?? 'simulator';
  if (!(ENVIRONMENTS as readonly string[]).includes(envName)) {
    throw new UsageError({ id: 'cli.option-choices', params: { flag: '--env', choices: ENVIRONMENTS.join(', '), got: envName } });
  }
  const dataDir = (values['data-dir'] as string | undefined) ?? env.ECR_DATA_DIR;
  if (dataDir !== undefined && dataDir.trim() === '') throw new UsageError({ id: 'cli.option-empty', params: { flag: '--data-dir' } });
  const clientId = values['client-id'] as string | undefined;
  if (clientId !== undefined && clientId.trim() === '') throw new UsageError({ id: 'cli.option-empty', params: { flag: '--client-id' } });
  const cashRegister = (values['cash-register'] as string | undefined) ?? env.ECR_CASH_REGISTER;
  if (cashRegister !== undefined && cashRegister.trim() === '') throw new UsageError({ id: 'cli.option-empty', params: { flag: '--cash-register' } });
  if (cashRegister !== undefined) checkedOptionText('cash-register', cashRegister);
  return {
    env: envName as EnvironmentName,
    apiUrl: httpUrl(values['api-url'], '--api-url'),
    accountsUrl: httpUrl(values['accounts-url'], '--accounts-url'),
    clientId,
    dataDir,
    cashRegister: cashRegister?.trim(),
    json: values.json === true,
    verbose: values.verbose === true,
    help: values.help === true,
  };
}
