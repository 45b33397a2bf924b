import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { DEFAULT_CREDENTIALS, TokenIssuer, type Credentials } from './auth.ts';
import { DEFAULT_CONFIG, mergeConfig, SimulatorConfigError, type SimulatorConfig } from './config.ts';
import { FaultQueue } from './faults.ts';
import { Dialects } from './dialects.ts';
import { ScenarioBook } from './scenarios.ts';
import { SessionStore } from './sessions.ts';
import { buildTerminal, DEFAULT_TERMINALS, SIMULATOR_MERCHANT_ID, TerminalConfigError, type Terminal, type TerminalConfig } from './terminals.ts';

/** Everything `startSimulator` accepts besides the runtime settings of `SimulatorConfig`. */
export interface SimulatorDeps {
  clock?: Clock;
  logger?: Logger;
  /** Waits `ms` of real time; used only to hold answers for `responseDelayMs`. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for card numbers and codes. */
  random?: () => number;
  /** UUIDs for transaction ids and correlation ids. */
  newId?: () => string;
  terminals?: readonly TerminalConfig[];
  credentials?: Credentials | readonly Credentials[];
  merchantId?: string;
}

/** The simulator's whole state, shared by the Viva routes and the control operations. */
export interface SimulatorState {
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  newId: () => string;
  credentials: readonly Credentials[];
  merchantId: string;
  config: SimulatorConfig;
  terminals: Map<string, Terminal>;
  scenarios: ScenarioBook;
  sessions: SessionStore;
  tokens: TokenIssuer;
  faults: FaultQueue;
  /** 422 lists and token rejections in the configured dialect. */
  dialects: Dialects;
  /** Restores config, terminals, scenarios, faults and sessions to how they started (tokens stay valid). */
  reset(): void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createState(deps: SimulatorDeps, settings: Partial<SimulatorConfig>): SimulatorState {
  const initialConfig = mergeConfig(DEFAULT_CONFIG, settings);
  const merchantId = deps.merchantId ?? SIMULATOR_MERCHANT_ID;
  const terminalConfigs = deps.terminals ?? DEFAULT_TERMINALS;
  const credentials = deps.credentials === undefined ? [DEFAULT_CREDENTIALS] : ([] as Credentials[]).concat(deps.credentials);
  if (credentials.length === 0) throw new SimulatorConfigError('The simulator needs at least one client credential.');
  const clock = deps.clock ?? systemClock;

  const state: SimulatorState = {
    clock,
    logger: deps.logger ?? nullLogger,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    newId: deps.newId ?? randomUUID,
    credentials,
    merchantId,
    config: initialConfig,
    terminals: new Map(),
    scenarios: new ScenarioBook(),
    sessions: new SessionStore(),
    tokens: new TokenIssuer({ clock, credentials, lifetimeSec: () => state.config.tokenLifetimeSec }),
    faults: new FaultQueue(),
    dialects: new Dialects(() => state.config),
    reset() {
      state.config = initialConfig;
      state.terminals = buildTerminals(terminalConfigs, merchantId);
      state.scenarios.clear();
      for (const t of terminalConfigs) if (t.defaultScenario) state.scenarios.set(t.defaultScenario, { terminalId: t.terminalId, times: 'always' });
      state.faults.clear();
      state.sessions.clear();
    },
  };
  state.reset();
  return state;
}

function buildTerminals(configs: readonly TerminalConfig[], merchantId: string): Map<string, Terminal> {
  const map = new Map<string, Terminal>();
  for (const config of configs) {
    if (map.has(config.terminalId)) throw new TerminalConfigError(`Terminal ${config.terminalId} is listed twice.`);
    map.set(config.terminalId, buildTerminal(config, merchantId));
  }
  return map;
}
