/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { EcrApi } from '../../electron/contract/api.ts';

declare global {
  interface Window {
    /** The till's API, defined by the preload (in the e2e tests: by tests/e2e/bridge.ts). */
    readonly ecr: EcrApi;
  }
}

export {};
