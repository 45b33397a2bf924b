import type { ShellErrorCode } from '../contract/envelope.ts';

/** A refusal by the shell itself (not by the core): the code goes to the UI unchanged. */
export class ShellError extends Error {
  override name = 'ShellError';
  readonly code: ShellErrorCode;

  constructor(code: ShellErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
