import type { ChannelName, InputOf, OutputOf } from './channels.ts';
import type { Result } from './envelope.ts';
import type { EventName, EventPayloads } from './events.ts';

/**
 * The type of `window.ecr`, derived from the channel table: one function per channel (input as
 * the renderer passes it, a result envelope back) and `on` for pushed events.
 */
export type ChannelFunction<K extends ChannelName> = undefined extends InputOf<K>
  ? (input?: InputOf<K>) => Promise<Result<OutputOf<K>>>
  : (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;

export type EcrApi = { readonly [K in ChannelName]: ChannelFunction<K> } & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, callback: (payload: EventPayloads[E]) => void) => () => void;
};

/** The global the preload defines (renderer code: `window.ecr`). */
export const API_KEY = 'ecr';
