import type { EcrApi } from '../contract/api.ts';
import { CHANNEL_NAMES, ipcChannel } from '../contract/channels.ts';
import { failure, type Result } from '../contract/envelope.ts';
import { eventChannel, isEventName } from '../contract/events.ts';

/** The part of Electron's ipcRenderer the API needs (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.ecr` from the contract: one function per channel, generated from the channel
 * table (nothing written per channel), plus `on(event, callback)`.
 *
 * The page never sees Electron's objects: a call forwards only its input, an event delivers only
 * its payload (the IPC event would carry `sender`, i.e. ipcRenderer itself), and a transport
 * failure comes back as an envelope like every other failure.
 */
export function buildEcrApi(ipc: IpcRendererLike): EcrApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannel(name);
    api[name] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        return (await (input === undefined ? ipc.invoke(channel) : ipc.invoke(channel, input))) as Result<unknown>;
      } catch {
        return failure('internal', 'The till did not answer; try again, and restart the app if this persists.');
      }
    };
  }
  api.on = (event: unknown, callback: unknown): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`window.ecr.on: unknown event ${JSON.stringify(event)}.`);
    if (typeof callback !== 'function') throw new TypeError('window.ecr.on: the callback must be a function.');
    const channel = eventChannel(event);
    const listener = (_event: unknown, payload: unknown) => (callback as (payload: unknown) => void)(payload);
    ipc.on(channel, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, listener);
    };
  };
  return Object.freeze(api) as EcrApi;
}
