import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, type LogFields, type Logger } from '../../../electron/core/logger.ts';
import { bearerOf, CLIENT_ID, CLIENT_SECRET, clientFor, rejectionOf, startFakeViva, tokenNumber, type FakeViva } from './fake-viva.ts';
import { CREDENTIALS_401, INVALID_CLIENT } from './payloads.ts';

const SALE = { sessionId: 'sale-1', terminalId: '16000010', cashRegisterId: 'TILL-SECRET-REGISTER', amount: 1000, currencyCode: '978' };

/** Keeps exactly what the client passed, without the redaction a real sink applies. */
function rawLogger(): Logger & { lines: { level: string; message: string; fields: LogFields | undefined }[] } {
  const lines: { level: string; message: string; fields: LogFields | undefined }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

let fake: FakeViva;
beforeAll(async () => {
  fake = await startFakeViva();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function expectNoSecrets(text: string) {
  for (let n = 1; n <= 3; n++) expect(text).not.toContain(tokenNumber(n));
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(basic);
  expect(text.toLowerCase()).not.toContain('bearer ');
  expect(text.toLowerCase()).not.toContain('basic ');
}

describe('logging', () => {
  it('writes one line per HTTP call with method, path, status, duration and correlation id', async () => {
    const logger = recordingLogger();
    fake.onApi((request) => ({ status: request.method === 'GET' ? 202 : 200, headers: { 'x-viva-correlationid': `corr-${request.method}` } }));
    const client = clientFor(fake, { logger });
    await client.sale(SALE);
    await client.getSession('sale-1');
    await client.abortSession('sale-1', SALE.cashRegisterId);
    const http = logger.records.filter((r) => r.message === 'Viva HTTP call');
    expect(http).toHaveLength(4);
    expect(http.map((r) => [r.fields.method, r.fields.path, r.fields.status, r.fields.correlationId])).toEqual([
      ['POST', '/connect/token', 200, 'token-corr-1'],
      ['POST', '/ecr/v1/transactions:sale', 200, 'corr-POST'],
      ['GET', '/ecr/v1/sessions/sale-1', 202, 'corr-GET'],
      ['DELETE', '/ecr/v1/sessions/sale-1', 200, 'corr-DELETE'],
    ]);
    for (const record of http) expect(typeof record.fields.durationMs).toBe('number');
    // The query (cashRegisterId) is not logged.
    expect(JSON.stringify(logger.records)).not.toContain('TILL-SECRET-REGISTER');
  });

  it('logs failures with their status and correlation id', async () => {
    const logger = recordingLogger();
    fake.onApi(() => ({ status: 500, headers: { 'x-viva-correlationid': 'corr-500' } }));
    await rejectionOf(clientFor(fake, { logger }).sale(SALE));
    const last = logger.records.at(-1);
    expect(last).toMatchObject({ level: 'warn', fields: { status: 500, correlationId: 'corr-500', path: '/ecr/v1/transactions:sale' } });
  });

  it('never logs a token, the secret or an Authorization value, through a 401 refresh and failures', async () => {
    const recorded = recordingLogger();
    const raw = rawLogger();
    const both: Logger = {
      debug: (m, f) => (recorded.debug(m, f), raw.debug(m, f)),
      info: (m, f) => (recorded.info(m, f), raw.info(m, f)),
      warn: (m, f) => (recorded.warn(m, f), raw.warn(m, f)),
      error: (m, f) => (recorded.error(m, f), raw.error(m, f)),
    };
    fake.onApi((request) => (bearerOf(request) === tokenNumber(1) ? { status: 401, text: CREDENTIALS_401 } : { status: 200 }));
    const client = clientFor(fake, { logger: both });
    await client.sale(SALE);
    fake.onApi(() => 'destroy');
    const errors = [await rejectionOf(client.sale({ ...SALE, sessionId: 'sale-2' }))];
    fake.onToken(() => ({ status: 401, text: INVALID_CLIENT }));
    errors.push(await rejectionOf(clientFor(fake, { logger: both }).sale(SALE)));

    expect(raw.lines.length).toBeGreaterThanOrEqual(5);
    expectNoSecrets(JSON.stringify(recorded.records));
    expectNoSecrets(JSON.stringify(raw.lines));
    // inspect is what console.error(error) prints, causes included.
    for (const error of errors) expectNoSecrets(`${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`);
  });
});
