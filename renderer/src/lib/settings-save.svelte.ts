import type { IpcError } from '../../../electron/contract/envelope.ts';
import { app } from './app-state.svelte.ts';
import { call } from './ipc-call.ts';

type SettingsPatch = Parameters<Window['ecr']['updateSettings']>[0];

/**
 * The state of a Settings section that stores a patch: busy while it is sent, the till's refusal
 * (shown by ErrorNotice), and "saved" once the till took it; the answer becomes the app's settings.
 */
export class SettingsSave {
  busy = $state(false);
  error = $state<IpcError | null>(null);
  saved = $state(false);

  /** Resolves to whether the till stored the patch. */
  async save(patch: SettingsPatch): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.saved = false;
    const result = await call(() => window.ecr.updateSettings(patch));
    this.busy = false;
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    app.applySettings(result.value);
    this.saved = true;
    return true;
  }
}
