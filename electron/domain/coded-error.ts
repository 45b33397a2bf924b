import { englishOf, renderMessage, type MessageId, type MessageRef } from './messages.ts';

/**
 * The one shape of an error the till means to show: a stable `code` a screen or a script can
 * decide on, the sentence for a person named by a message id of the catalogue (messages.ts) with
 * the values it is built from (`params`), and per-field problems of a refused input. `message`
 * is the English rendering: the text of logs, and of a caller that knows no catalogue. An error
 * given only an English string (a site that only a programming error can reach) has no
 * `messageId`; a screen then says the general sentence of its code. Every error class of the core, the shell and the CLI extends it, so IPC and the
 * CLI recognise a meant error by `instanceof CodedError` alone: a new class needs no list to be
 * added to, and anything else is a bug ("internal").
 */
export interface FieldProblem {
  path: string;
  /** English, for logs and the CLI. */
  message: string;
  /** The catalogue's sentence for the problem, when the site named one. */
  messageId?: MessageId;
  params?: Readonly<Record<string, MessageParam>>;
}

export type MessageParam = string | number | boolean | null;

export interface CodedErrorOptions {
  cause?: unknown;
  params?: Readonly<Record<string, MessageParam>>;
  fields?: readonly FieldProblem[];
}

export class CodedError<Code extends string = string> extends Error {
  override name = 'CodedError';
  readonly code: Code;
  readonly messageId?: MessageId;
  readonly params?: Readonly<Record<string, MessageParam>>;
  readonly fields?: readonly FieldProblem[];

  constructor(code: Code, message: string | MessageRef, options: CodedErrorOptions = {}) {
    const text = typeof message === 'string' ? message : englishOf(message);
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (typeof message !== 'string') {
      this.messageId = message.id;
      if (message.params !== undefined) this.params = message.params;
    }
    if (options.params !== undefined) this.params = options.params;
    if (options.fields !== undefined) this.fields = options.fields;
  }
}

export function isCodedError(error: unknown, code?: string): error is CodedError {
  return error instanceof CodedError && (code === undefined || error.code === code);
}

/** A field problem named by the catalogue, its English kept as `message`. */
export function fieldProblem(path: string, id: MessageId, params?: Readonly<Record<string, MessageParam>>): FieldProblem {
  return { path, message: renderMessage('en', id, params), messageId: id, ...(params ? { params } : {}) };
}

/**
 * What another error class needs to say the same thing (a MoneyError refused inside the journal
 * becomes the journal's invalid-input): the same message id, params and English detail, or the
 * English text of an error that named no message.
 */
export function restated(error: CodedError): string | MessageRef {
  if (!error.messageId) return error.message;
  const english = renderMessage('en', error.messageId, error.params);
  const detail = error.message.startsWith(english) ? error.message.slice(english.length).trim() : '';
  return { id: error.messageId, ...(error.params ? { params: error.params } : {}), ...(detail ? { detail } : {}) };
}
