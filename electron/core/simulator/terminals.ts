import type { Scenario } from './scenarios.ts';

/** The merchant every simulated terminal belongs to. */
export const SIMULATOR_MERCHANT_ID = '5f2c1b9e-7a3d-4c11-9e0a-00000000ec01';

/** Inventory status ids of devices:search (spec §2.1). */
export const TERMINAL_STATUS = {
  warehouse: 0,
  live: 1,
  readyToShip: 2,
  inStock: 3,
  pendingKeyInjection: 4,
  lost: 5,
  broken: 6,
  locked: 7,
} as const;

export interface TerminalConfig {
  terminalId: string;
  /** Inventory status (spec §2.1), default 1 (Live). */
  statusId?: number;
  /** Payment source ("store") code, default "Default". */
  sourceCode?: string;
  virtualTerminalId?: string;
  /** Standing scenario for this terminal (default: approve). */
  defaultScenario?: Scenario;
  /** Overrides the global customer time for this terminal. */
  customerTimeMs?: number;
}

export interface Terminal {
  terminalId: string;
  statusId: number;
  sourceCode: string;
  merchantId: string;
  virtualTerminalId: string;
  /** undefined: use the global customer time. */
  customerTimeMs: number | undefined;
}

/** Three live terminals; all approve unless told otherwise. */
export const DEFAULT_TERMINALS: readonly TerminalConfig[] = [
  { terminalId: '16000001' },
  { terminalId: '16000002' },
  { terminalId: '16000003' },
];

export class TerminalConfigError extends Error {
  override name = 'TerminalConfigError';
}

export function buildTerminal(config: TerminalConfig, merchantId: string): Terminal {
  if (typeof config.terminalId !== 'string' || !/^\S+$/.test(config.terminalId)) {
    throw new TerminalConfigError(`A terminal id must be a non-empty string without spaces, got ${JSON.stringify(config.terminalId)}.`);
  }
  const statusId = config.statusId ?? TERMINAL_STATUS.live;
  if (!Number.isInteger(statusId) || statusId < 0 || statusId > 7) {
    throw new TerminalConfigError(`Terminal ${config.terminalId}: statusId must be an integer 0-7.`);
  }
  if (config.customerTimeMs !== undefined && !(config.customerTimeMs >= 0)) {
    throw new TerminalConfigError(`Terminal ${config.terminalId}: customerTimeMs must be >= 0.`);
  }
  return {
    terminalId: config.terminalId,
    statusId,
    sourceCode: config.sourceCode ?? 'Default',
    merchantId,
    virtualTerminalId: config.virtualTerminalId ?? `V${config.terminalId}`,
    customerTimeMs: config.customerTimeMs,
  };
}

/** One entry of the devices:search answer; terminalId as string (default) or number (spec §10.9). */
export function deviceJson(terminal: Terminal, terminalIdAsNumber: boolean): Record<string, unknown> {
  const numeric = Number(terminal.terminalId);
  return {
    merchantId: terminal.merchantId,
    terminalId: terminalIdAsNumber && Number.isSafeInteger(numeric) ? numeric : terminal.terminalId,
    statusId: terminal.statusId,
    sourceCode: terminal.sourceCode,
    virtualTerminalId: terminal.virtualTerminalId,
  };
}
