import type { Reply } from './http.ts';

/**
 * Injected network faults for the Viva API routes (/ecr/...; the token endpoint and /_sim are
 * never affected): the next N requests answer 5xx, or lose their answer. By default a faulted
 * request is not processed; with `afterProcessing` it is processed first and only its answer is
 * replaced — the dangerous "did my sale go through?" case.
 */
export type FaultStatus = 429 | 500 | 502 | 503 | 504 | 'drop' | 'garbled';

export interface FaultInput {
  /** How many requests in a row (default 1). */
  count?: number;
  /**
   * One status, or several used in turn (default 503). 'drop' destroys the connection; 'garbled'
   * answers 200 with a body cut off mid-JSON (a broken proxy or a truncated read).
   */
  status?: FaultStatus | readonly FaultStatus[];
  afterProcessing?: boolean;
  /** Retry-After seconds on 429 and 503 answers (default 1). */
  retryAfterSec?: number;
}

export interface Fault {
  status: FaultStatus;
  afterProcessing: boolean;
  retryAfterSec: number;
}

export const FAULT_STATUSES: readonly FaultStatus[] = [429, 500, 502, 503, 504, 'drop', 'garbled'];

export class FaultError extends Error {
  override name = 'FaultError';
}

export class FaultQueue {
  #queue: Fault[] = [];

  add(input: FaultInput): number {
    const count = input.count ?? 1;
    const statuses = ([] as FaultStatus[]).concat(input.status ?? 503);
    const retryAfterSec = input.retryAfterSec ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new FaultError('A fault count must be an integer from 1 to 10000.');
    if (statuses.length === 0 || statuses.some((s) => !FAULT_STATUSES.includes(s))) {
      throw new FaultError(`A fault status must be one of ${FAULT_STATUSES.join(', ')}.`);
    }
    if (!Number.isInteger(retryAfterSec) || retryAfterSec < 0) throw new FaultError('retryAfterSec must be a whole number >= 0.');
    for (let i = 0; i < count; i += 1) {
      this.#queue.push({ status: statuses[i % statuses.length] as FaultStatus, afterProcessing: input.afterProcessing ?? false, retryAfterSec });
    }
    return this.#queue.length;
  }

  take(): Fault | undefined {
    return this.#queue.shift();
  }

  pending(): number {
    return this.#queue.length;
  }

  clear(): void {
    this.#queue = [];
  }
}

/** The answer a fault gives, shaped like what sits in front of Viva's service would send. */
export function faultReply(fault: Fault): Reply {
  switch (fault.status) {
    case 'drop':
      return { status: 0, drop: true };
    case 'garbled':
      return { status: 200, text: { body: '{"sessionId":"', contentType: 'application/json' } };
    case 429:
      // Viva publishes no rate limit (spec §4); if one is ever enforced, FastAPI-style is the likely shape.
      return { status: 429, json: { detail: 'Too Many Requests' }, headers: { 'retry-after': String(fault.retryAfterSec) } };
    case 500:
      // Starlette's own answer to an unhandled exception.
      return { status: 500, text: { body: 'Internal Server Error', contentType: 'text/plain; charset=utf-8' } };
    case 502:
      return { status: 502, text: { body: gatewayPage('502 Bad Gateway'), contentType: 'text/html' } };
    case 503:
      return { status: 503, json: { detail: 'Service Unavailable' }, headers: { 'retry-after': String(fault.retryAfterSec) } };
    case 504:
      return { status: 504, text: { body: gatewayPage('504 Gateway Time-out'), contentType: 'text/html' } };
  }
}

function gatewayPage(title: string): string {
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`;
}
