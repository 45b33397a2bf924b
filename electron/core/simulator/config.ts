/**
 * The simulator's runtime settings. They can be changed while it runs (control endpoint); each
 * new session copies the timings it needs, so a change only affects sessions created after it.
 */
export interface SimulatorConfig {
  /** How long the customer takes on the terminal before the scenario's result (default 3000 ms). */
  customerTimeMs: number;
  /** A session nobody acts on ends with eventId 1003 after this long (Viva: about 1 minute). */
  sessionLifetimeMs: number;
  /** Delay between an honoured abort and the session ending 1016 (the abort is asynchronous). */
  abortAckMs: number;
  /** For the flip scenario: how long after the decline the session turns approved. */
  flipAfterMs: number;
  /** GET answers 404 for this long after every dispatch (spec §10.8); 0 = known at once. */
  early404Ms: number;
  /** Every Viva answer (not /_sim) is held this long before it is written: a slow network. */
  responseDelayMs: number;
  /** `expires_in` of new tokens. */
  tokenLifetimeSec: number;
  /** How long the terminal shows a result before it goes back to idle. */
  resultDisplayMs: number;
  /**
   * Spec §5.1: with false (default) a request to a busy terminal ends at once with 1100 for good;
   * with true it reads 1100 while the other session runs, then proceeds as a request of its own.
   */
  busyBecomesOutcome: boolean;
  /** A sale to an unknown terminal ends with 3000 (default) or never leaves the cloud (202 forever). */
  unknownTerminal: 'not-connected' | 'never-delivered';
  /** devices:search writes terminalId as a JSON number instead of a string (spec §10.9). */
  terminalIdAsNumber: boolean;
  /** Whether magic amounts choose scenarios. */
  magicAmounts: boolean;
  /**
   * 'sparse' (default): final bodies shaped like Viva's real 2023 payloads (spec §11: no
   * transactionEventId, aid, bankId, cardType, show*, interappCallback, aade*, dcc* keys;
   * panEntryMode "00" when no card was read; isvDetails in some). 'full': every field of spec §3.
   */
  bodyShape: 'sparse' | 'full';
  /** 422 lists in pydantic 'v2' (type, loc, msg, input, url), 'v1' (loc, msg, type), or 'alternate' (default). */
  pydanticDialect: 'v2' | 'v1' | 'alternate';
  /** "Could not validate credentials" comes under 401, 403, or 'alternate' between them (default). */
  credentialsStatus: 401 | 403 | 'alternate';
  /** Transaction routes the account does not have: they answer FastAPI's 404 {"detail":"Not Found"} (#2511). */
  disabledOperations: TransactionRoute[];
  /** For the late-success scenario: how long after "Invalid card" the session reads approved (#2461). */
  lateSuccessMs: number;
}

export const TRANSACTION_ROUTES = ['sale', 'refund', 'unreferenced-refund', 'preauth-completion'] as const;
export type TransactionRoute = (typeof TRANSACTION_ROUTES)[number];

export const DEFAULT_CONFIG: Readonly<SimulatorConfig> = {
  customerTimeMs: 3000,
  sessionLifetimeMs: 60_000,
  abortAckMs: 500,
  flipAfterMs: 20_000,
  early404Ms: 1000,
  responseDelayMs: 0,
  tokenLifetimeSec: 3600,
  resultDisplayMs: 5000,
  busyBecomesOutcome: false,
  unknownTerminal: 'never-delivered',
  terminalIdAsNumber: false,
  magicAmounts: true,
  bodyShape: 'sparse',
  pydanticDialect: 'alternate',
  credentialsStatus: 'alternate',
  disabledOperations: [],
  lateSuccessMs: 180_000,
};

/**
 * The simulator before it was made as harsh as Viva (design §6): full bodies, pydantic 2 only,
 * 401 only, no early 404, an unknown terminal ending 3000 at once. For tests that say they need a
 * kinder world: `startSimulator({ ...KIND_CONFIG, ... })`.
 */
export const KIND_CONFIG: Readonly<Partial<SimulatorConfig>> = {
  early404Ms: 0,
  unknownTerminal: 'not-connected',
  bodyShape: 'full',
  pydanticDialect: 'v2',
  credentialsStatus: 401,
};

const CHOICES: Partial<Record<keyof SimulatorConfig, readonly unknown[]>> = {
  unknownTerminal: ['not-connected', 'never-delivered'],
  bodyShape: ['sparse', 'full'],
  pydanticDialect: ['v2', 'v1', 'alternate'],
  credentialsStatus: [401, 403, 'alternate'],
};

const DURATION_KEYS = [
  'customerTimeMs',
  'sessionLifetimeMs',
  'abortAckMs',
  'flipAfterMs',
  'early404Ms',
  'responseDelayMs',
  'tokenLifetimeSec',
  'resultDisplayMs',
  'lateSuccessMs',
] as const;

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

/** Merges a patch into a config, refusing (and changing nothing) on a bad value. */
export function mergeConfig(base: SimulatorConfig, patch: Partial<SimulatorConfig>): SimulatorConfig {
  const next = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_CONFIG)) throw new SimulatorConfigError(`Unknown simulator setting "${key}".`);
    if ((DURATION_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new SimulatorConfigError(`The simulator setting "${key}" must be a number >= 0, got ${String(value)}.`);
      }
    } else if (CHOICES[key as keyof SimulatorConfig]) {
      const choices = CHOICES[key as keyof SimulatorConfig] ?? [];
      if (!choices.includes(value)) {
        throw new SimulatorConfigError(`"${key}" must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}.`);
      }
    } else if (key === 'disabledOperations') {
      if (!Array.isArray(value) || !value.every((v) => (TRANSACTION_ROUTES as readonly unknown[]).includes(v))) {
        throw new SimulatorConfigError(`"disabledOperations" must be a list of ${TRANSACTION_ROUTES.join(', ')}.`);
      }
      (next as Record<string, unknown>)[key] = [...new Set(value as TransactionRoute[])];
      continue;
    } else if (typeof value !== 'boolean') {
      throw new SimulatorConfigError(`The simulator setting "${key}" must be true or false.`);
    }
    (next as Record<string, unknown>)[key] = value;
  }
  if (next.tokenLifetimeSec < 1) throw new SimulatorConfigError('"tokenLifetimeSec" must be at least 1.');
  return next;
}
