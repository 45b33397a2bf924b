import { CodedError } from '../domain/coded-error.ts';
import type { MessageRef } from '../domain/messages.ts';

/** A mistake in how the CLI was called: printed with a hint to `ecr help`, exit code 1. */
export class UsageError extends CodedError<'usage'> {
  override name = 'UsageError';

  constructor(message: string | MessageRef) {
    super('usage', message);
  }
}
