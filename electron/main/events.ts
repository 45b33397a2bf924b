import { EVENT_NAMES, eventChannel, type EventName, type EventPayloads } from '../contract/events.ts';

/**
 * The way back (design.md §1): the host's events go to the window's page, one IPC channel per
 * event. `send` is the window's webContents.send, guarded by main so a page that is not ours
 * (there should be none) never receives them.
 */
export interface EventSource {
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export function forwardEvents(source: EventSource, send: (channel: string, payload: unknown) => void): () => void {
  const offs = EVENT_NAMES.map((name) => source.on(name, (payload) => send(eventChannel(name), payload)));
  return () => offs.forEach((off) => off());
}
