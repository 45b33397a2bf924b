/** A mistake in how the CLI was called: printed with a hint to `ecr help`, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
