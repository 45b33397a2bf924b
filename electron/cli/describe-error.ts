import { isVivaError } from '../core/viva/index.ts';
import { CodedError } from '../domain/coded-error.ts';

export interface DescribedError {
  code: string;
  message: string;
  status?: number;
  correlationId?: string;
  fields?: { path: string; message: string }[];
}

/** A plain sentence (and a stable code for --json) for any error a command can end with. */
export function describeError(error: unknown): DescribedError {
  if (isVivaError(error)) {
    const described: DescribedError = { code: error.code, message: error.message };
    if (error.status !== undefined) described.status = error.status;
    if (error.correlationId) described.correlationId = error.correlationId;
    if (error.fields?.length) described.fields = error.fields.map((f) => ({ path: f.path, message: f.message }));
    return described;
  }
  // Every meant error (UsageError, MoneyError, JournalError... all CodedErrors): its message is the
  // catalogue's English rendering (domain/messages.ts), with the English-only detail after it.
  if (error instanceof CodedError) {
    const described: DescribedError = { code: error.code, message: error.message };
    if (error.fields?.length) described.fields = error.fields.map((f) => ({ path: f.path, message: f.message }));
    return described;
  }
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error instanceof Error && typeof code === 'string') return { code, message: error.message };
  return { code: 'internal', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
}
