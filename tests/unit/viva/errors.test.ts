import { describe, expect, it } from 'vitest';
import { isDispatchUncertain, parseRetryAfter, VivaError, type VivaErrorCode } from '../../../electron/core/viva/errors.ts';
import { errorFromResponse, type HttpResponse } from '../../../electron/core/viva/http.ts';
import { PYDANTIC_422 } from './payloads.ts';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

function response(status: number, text = '', headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: new Headers(headers), text, correlationId: headers['x-viva-correlationid'] };
}

describe('isDispatchUncertain', () => {
  const cases: [VivaErrorCode, boolean][] = [
    ['network', true],
    ['timeout', true],
    ['server', true],
    ['malformed-response', true],
    ['conflict', true],
    ['auth', false],
    ['validation', false],
    ['forbidden', false],
    ['not-found', false],
    ['rate-limited', false],
  ];
  it.each(cases)('%s after sending -> %s', (code, expected) => {
    expect(isDispatchUncertain(new VivaError(code, 'x'))).toBe(expected);
  });

  it('is false when the request never left (local checks, token endpoint)', () => {
    expect(isDispatchUncertain(new VivaError('network', 'x', { phase: 'token' }))).toBe(false);
    expect(isDispatchUncertain(new VivaError('timeout', 'x', { phase: 'token' }))).toBe(false);
    expect(isDispatchUncertain(new VivaError('validation', 'x', { phase: 'local' }))).toBe(false);
  });

  it('is true for an error it does not know', () => {
    expect(isDispatchUncertain(new Error('boom'))).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5', '12 s']) expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  const table: [number, VivaErrorCode][] = [
    [400, 'validation'],
    [422, 'validation'],
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [429, 'rate-limited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [504, 'server'],
    [302, 'malformed-response'],
    [405, 'malformed-response'],
    [418, 'malformed-response'],
  ];
  it.each(table)('maps HTTP %i to %s', (status, code) => {
    const error = errorFromResponse(response(status, '{"detail":"x"}', { 'x-viva-correlationid': 'corr-1' }), NOW);
    expect(error).toMatchObject({ code, status, correlationId: 'corr-1', phase: 'request' });
    expect(error.message).toMatch(/^[A-Z].*\.$/);
  });

  it('turns the pydantic list into fields and a readable message', () => {
    const error = errorFromResponse(response(422, PYDANTIC_422), NOW);
    expect(error.fields).toEqual([{ path: 'body.terminalId', message: 'Field required', type: 'missing' }]);
    expect(error.message).toBe('Viva refused the request as invalid. (body.terminalId: Field required)');
  });

  it('quotes a string detail', () => {
    const error = errorFromResponse(response(400, '{"detail":"Amount must be positive"}'), NOW);
    expect(error.fields).toBeUndefined();
    expect(error.message).toContain('Amount must be positive');
  });

  it('reads Retry-After on 429 and 503 only', () => {
    expect(errorFromResponse(response(429, '', { 'retry-after': '3' }), NOW).retryAfterMs).toBe(3000);
    expect(errorFromResponse(response(503, '', { 'retry-after': new Date(NOW + 5000).toUTCString() }), NOW).retryAfterMs).toBe(5000);
    expect(errorFromResponse(response(500, '', { 'retry-after': '3' }), NOW).retryAfterMs).toBeUndefined();
  });

  it('survives bodies that are not JSON', () => {
    expect(errorFromResponse(response(502, '<html>Bad gateway</html>'), NOW)).toMatchObject({ code: 'server', status: 502 });
  });
});
