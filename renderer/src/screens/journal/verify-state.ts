import type { IpcError } from '../../../../electron/contract/envelope.ts';
import type { VerifyResult } from '../../../../electron/core/journal/index.ts';

/** The journal's integrity check as the detail panel shows it (run once per visit, again on request). */
export type VerifyState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: VerifyResult; at: string }
  | { status: 'error'; error: IpcError };
