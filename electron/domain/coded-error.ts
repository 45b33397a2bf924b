/**
 * The one shape of an error the till means to show: a stable `code` a screen or a script can
 * decide on, the sentence for a person, and optionally the values the sentence was built from
 * (`params`, for a catalogue to render it in another language) and per-field problems of a
 * refused input. Every error class of the core, the shell and the CLI extends it, so IPC and the
 * CLI recognise a meant error by `instanceof CodedError` alone: a new class needs no list to be
 * added to, and anything else is a bug ("internal").
 */
export interface FieldProblem {
  path: string;
  message: string;
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
  readonly params?: Readonly<Record<string, MessageParam>>;
  readonly fields?: readonly FieldProblem[];

  constructor(code: Code, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.params !== undefined) this.params = options.params;
    if (options.fields !== undefined) this.fields = options.fields;
  }
}

export function isCodedError(error: unknown, code?: string): error is CodedError {
  return error instanceof CodedError && (code === undefined || error.code === code);
}
