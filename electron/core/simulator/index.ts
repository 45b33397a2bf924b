/**
 * The local Viva Cloud Terminal simulator (design §6): accounts token endpoint, Cloud Terminal
 * API and simulated terminals on one loopback HTTP server, driven by scenarios, magic amounts
 * and the /_sim control endpoint.
 */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './server.ts';
export { runStandalone, type StandaloneOptions } from './standalone.ts';
export {
  SimulatorControlError,
  type CustomerAction,
  type ScenarioRequest,
  type SeedSessionInput,
  type SimSessionFilter,
  type SimulatorControl,
  type TerminalSettings,
} from './control.ts';
export { DEFAULT_CONFIG, KIND_CONFIG, TRANSACTION_ROUTES, type SimulatorConfig, type TransactionRoute } from './config.ts';
export { DEFAULT_CREDENTIALS, ECR_SCOPE, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, type Credentials } from './auth.ts';
export { DEFAULT_TERMINALS, SIMULATOR_MERCHANT_ID, TERMINAL_STATUS, type TerminalConfig } from './terminals.ts';
export { MAGIC_AMOUNTS, magicAmountsMarkdown, magicScenarioFor, type MagicAmount } from './magic-amounts.ts';
export { SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, type Scenario, type ScenarioName } from './scenarios.ts';
export { EVENT, EVENT_MESSAGES } from './event-ids.ts';
export type { FaultInput, FaultStatus } from './faults.ts';
export type { Ledger, Outcome, SimSessionRecord } from './ledger.ts';
export type { Screen, TerminalView } from './terminal-display.ts';
