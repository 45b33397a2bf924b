import { CodedError } from '../domain/coded-error.ts';
import type { MessageId } from '../domain/messages.ts';

/**
 * The app's two native modules, loaded after `whenReady` so that one that cannot load (a damaged
 * install, an antivirus quarantine, a missing system library such as libsecret) reaches the error
 * dialog with a sentence that names it, instead of aborting the main module before any window or
 * dialog can exist. Loaded one by one, so the sentence names the right one.
 */
export type NativeModuleName = 'better-sqlite3' | 'keytar';

export interface NativeImporters {
  /** Must load the addon itself: better-sqlite3 loads its binary only when a database opens. */
  'better-sqlite3': () => Promise<unknown>;
  keytar: () => Promise<unknown>;
}

const PURPOSE: Record<NativeModuleName, MessageId> = {
  'better-sqlite3': 'start-up.module.better-sqlite3',
  keytar: 'start-up.module.keytar',
};

export class NativeModuleError extends CodedError<'native-module-unavailable'> {
  override name = 'NativeModuleError';
  readonly module: NativeModuleName;
  readonly detail: string;

  constructor(module: NativeModuleName, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('native-module-unavailable', { id: 'start-up.module-unavailable', params: { modulePhrase: PURPOSE[module], module }, detail: `(Details: ${detail})` }, { cause });
    this.module = module;
    this.detail = detail;
  }
}

export const NATIVE_IMPORTERS: NativeImporters = {
  'better-sqlite3': async () => {
    const { default: Database } = await import('better-sqlite3');
    new Database(':memory:').close();
  },
  keytar: () => import('keytar'),
};

/** Loads every native module in a fixed order; the first that fails is thrown as a NativeModuleError. */
export async function loadNativeModules(importers: NativeImporters = NATIVE_IMPORTERS): Promise<void> {
  for (const module of ['better-sqlite3', 'keytar'] as const) {
    try {
      await importers[module]();
    } catch (error) {
      throw new NativeModuleError(module, error);
    }
  }
}
