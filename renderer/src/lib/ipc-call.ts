import type { Result } from '../../../electron/contract/envelope.ts';
import { thrownError } from './errors.ts';

/**
 * The one way the renderer calls the till: `call(() => window.ecr.channel(input))`. It always
 * answers with an envelope: a call that throws (the bridge is gone,
 * a bug in the preload) becomes an 'internal' error the screen shows like any other.
 */
export async function call<T>(invoke: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await invoke();
  } catch (error) {
    return { ok: false, error: thrownError(error) };
  }
}
