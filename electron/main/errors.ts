import type { ShellErrorCode } from '../contract/envelope.ts';
import { CodedError } from '../domain/coded-error.ts';

/** A refusal by the shell itself (not by the core): the code goes to the UI unchanged. */
export class ShellError extends CodedError<ShellErrorCode> {
  override name = 'ShellError';
}
