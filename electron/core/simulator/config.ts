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
}

export const DEFAULT_CONFIG: Readonly<SimulatorConfig> = {
  customerTimeMs: 3000,
  sessionLifetimeMs: 60_000,
  abortAckMs: 500,
  flipAfterMs: 20_000,
  early404Ms: 0,
  responseDelayMs: 0,
  tokenLifetimeSec: 3600,
  resultDisplayMs: 5000,
  busyBecomesOutcome: false,
  unknownTerminal: 'not-connected',
  terminalIdAsNumber: false,
  magicAmounts: true,
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
    } else if (key === 'unknownTerminal') {
      if (value !== 'not-connected' && value !== 'never-delivered') {
        throw new SimulatorConfigError(`"unknownTerminal" must be "not-connected" or "never-delivered".`);
      }
    } else if (typeof value !== 'boolean') {
      throw new SimulatorConfigError(`The simulator setting "${key}" must be true or false.`);
    }
    (next as Record<string, unknown>)[key] = value;
  }
  if (next.tokenLifetimeSec < 1) throw new SimulatorConfigError('"tokenLifetimeSec" must be at least 1.');
  return next;
}
