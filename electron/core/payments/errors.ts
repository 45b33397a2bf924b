import { CodedError } from '../../domain/coded-error.ts';

/**
 * Why the engine refused an operation. Each refusal changes nothing: no journal row, no request.
 * The message is a sentence a cashier can act on.
 */
export type PaymentErrorCode =
  | 'invalid-input'
  | 'not-ready'
  /** The journal cannot be written (disk full, locked, read-only, damaged): nothing new is admitted. */
  | 'journal-unwritable'
  | 'engine-busy'
  | 'terminal-busy'
  | 'unresolved-unknown'
  | 'parent-not-found'
  | 'parent-not-refundable'
  | 'refund-exceeds-remaining'
  | 'currency-mismatch'
  | 'session-not-found'
  | 'not-abortable'
  | 'not-resolvable'
  | 'stopped';

export class PaymentError extends CodedError<PaymentErrorCode> {
  override name = 'PaymentError';
}

export function isPaymentError(error: unknown): error is PaymentError {
  return error instanceof PaymentError;
}
