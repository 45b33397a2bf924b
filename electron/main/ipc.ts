import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { nullLogger, redactText, type Logger } from '../core/logger.ts';
import { CHANNEL_NAMES, channels, ipcChannel, isChannelName, type ChannelName, type OutputOf, type ParsedInputOf } from '../contract/channels.ts';
import { failure, ok, type FieldProblem, type IpcError, type Result } from '../contract/envelope.ts';
import { CodedError, type MessageParam } from '../domain/coded-error.ts';

/**
 * Registration of every channel of the contract, through one function. What a call goes through
 * (`handleCall`) is plain code, testable without Electron:
 * 1. the channel exists;
 * 2. the sender frame is the main frame of the till's own page (not another origin, not a subframe,
 *    not even a subframe of our own origin);
 * 3. the input parses with the channel's schema;
 * 4. the handler runs; whatever it throws becomes an envelope error.
 * It never throws: a thrown error loses its type across IPC.
 */
export type Handlers = { [K in ChannelName]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>> };
export type FrameCheck = (senderFrameUrl: string | null | undefined) => boolean;

const MAX_FIELD_PROBLEMS = 10;

/** Text that leaves main for the renderer: card numbers masked, and the exact secrets and tokens the till knows cut out. */
export type Redact = (text: string) => string;

export function createDispatcher(handlers: Handlers, isOurFrame: FrameCheck, logger: Logger = nullLogger, redact: Redact = redactText) {
  async function handleCall(channel: string, senderFrameUrl: string | null | undefined, rawInput: unknown): Promise<Result<unknown>> {
    try {
      if (!isChannelName(channel)) return failure('unknown-channel', 'The till has no such function.');
      if (!isOurFrame(senderFrameUrl)) {
        logger.warn('ipc: refused a call from a foreign frame', { channel });
        return failure('foreign-sender', "This call did not come from the till's own page.");
      }
      const parsed = channels[channel].input.safeParse(rawInput);
      if (!parsed.success) {
        const fields: FieldProblem[] = parsed.error.issues
          .slice(0, MAX_FIELD_PROBLEMS)
          .map((issue) => ({ path: issue.path.map(String).join('.') || 'input', message: issue.message }));
        logger.warn('ipc: refused a malformed call', { channel });
        return failure('invalid-input', `Invalid input for ${channel}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}.`, fields);
      }
      const handler = handlers[channel] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      const ipcError = toIpcError(error, redact);
      if (ipcError.code === 'internal') logger.error('ipc: a handler failed', { channel, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, error: ipcError };
    }
  }
  return { handleCall };
}

/**
 * A CodedError (any error of the core and the shell) keeps its code and message; anything else
 * is "internal" (details in the log only). The code is the class's own: ErrorCode names the known
 * ones for the renderer, and a screen shows the message of one it does not know.
 */
export function toIpcError(error: unknown, redact: Redact = redactText): IpcError {
  if (error instanceof CodedError) {
    const fields = error.fields?.slice(0, MAX_FIELD_PROBLEMS).map((f) => ({
      path: f.path,
      message: redact(f.message),
      ...(f.messageId ? { messageId: f.messageId } : {}),
      ...(f.params ? { params: redactParams(f.params, redact) } : {}),
    }));
    return {
      code: error.code as IpcError['code'],
      message: redact(error.message),
      ...(error.messageId ? { messageId: error.messageId } : {}),
      ...(error.params ? { params: redactParams(error.params, redact) } : {}),
      ...(fields && fields.length > 0 ? { fields } : {}),
    };
  }
  return { code: 'internal', message: 'Something went wrong in the till; the details are in the log (Help > Export diagnostics).' };
}

/** The values of a message pass the same redaction as its English text (promise 8). */
function redactParams(params: Readonly<Record<string, MessageParam>>, redact: Redact): Record<string, MessageParam> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? redact(value) : value]));
}

// More than one argument is not a call the generated API makes: refused like a bad payload.
const EXTRA_ARGUMENTS = Symbol('extra-arguments');

/**
 * The sender frame's URL when it is the main frame of its page; null for a subframe (an iframe,
 * even one of our own origin, is not the till's page: as VS Code's validated IPC refuses it) and
 * when the frame is gone (navigated or destroyed). Only an explicit `parent === null` counts as
 * the main frame, so a sender that cannot say what it is is refused.
 */
export function senderFrameUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | null {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return null;
    return frame.url ?? null;
  } catch {
    return null;
  }
}

/** Registers a handler for every channel of the contract; returns the function that removes them. */
export function registerChannels(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isOurFrame: FrameCheck,
  logger: Logger = nullLogger,
  redact: Redact = redactText,
): () => void {
  const { handleCall } = createDispatcher(handlers, isOurFrame, logger, redact);
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, ...args: unknown[]) =>
      handleCall(name, senderFrameUrl(event), args.length > 1 ? EXTRA_ARGUMENTS : args[0]),
    );
  }
  return () => CHANNEL_NAMES.forEach((name) => ipcMain.removeHandler(ipcChannel(name)));
}
