import { describe, expect, it } from 'vitest';
import { recordingLogger, redact, redactingLogger, redactText } from '../../../electron/core/logger.ts';
import { createSecretValues, MIN_SECRET_LENGTH } from '../../../electron/core/secret-values.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0aWxsIn0.c2lnbmF0dXJl';
const FOREIGN_JWT = 'eyJmaXNjYWwiOjF9.eyJyZWNlaXB0Ijo0Mn0.Zm9yZWlnbg';

function known() {
  const secrets = createSecretValues();
  secrets.add('s3cr3t-client-secret');
  secrets.add(TOKEN, 'token');
  return secrets;
}

describe('secret values', () => {
  it('cuts every exact occurrence, raw or escaped inside a JSON string, and nothing else', () => {
    const secrets = known();
    secrets.add('quote"inside-secret');
    const text = `a ${TOKEN} b ${TOKEN} c s3cr3t-client-secret ${JSON.stringify({ v: 'quote"inside-secret' })} ${FOREIGN_JWT}`;
    const out = secrets.redact(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('s3cr3t-client-secret');
    expect(out).not.toContain('quote');
    expect(out).toContain(FOREIGN_JWT);
    expect(out.match(/\[redacted\]/g)).toHaveLength(4);
  });

  it('ignores values too short to be secrets (they would cut ordinary words)', () => {
    const secrets = createSecretValues();
    secrets.add('x'.repeat(MIN_SECRET_LENGTH - 1));
    secrets.add('');
    secrets.add(undefined);
    expect(secrets.size).toBe(0);
    expect(secrets.redact('xxxxxxx')).toBe('xxxxxxx');
  });

  it('keeps the configured secret for ever and only the newest tokens', () => {
    const secrets = createSecretValues();
    secrets.add('configured-secret');
    for (let i = 0; i < 200; i += 1) secrets.add(`token-number-${i}`, 'token');
    expect(secrets.redact('configured-secret')).toBe('[redacted]');
    expect(secrets.redact('token-number-199')).toBe('[redacted]');
    expect(secrets.redact('token-number-0 ')).toBe('token-number-0 ');
  });
});

describe('log redaction', () => {
  it('cuts the known values at any depth, in keys and values, and masks full card numbers', () => {
    const out = redact({ note: `Bearer ${TOKEN}`, nested: { list: [{ s: 's3cr3t-client-secret' }] }, card: '4147460000000133', ok: 1 }, known());
    expect(JSON.stringify(out)).not.toMatch(/eyJhbGciOiJSUzI1NiJ9|s3cr3t-client-secret|4147460000000133/);
    expect(out).toMatchObject({ ok: 1, note: 'Bearer [redacted]', card: '[redacted-pan]' });
  });

  it('judges nothing by its look: "Basic membership", "Bearer bond coupon" and a foreign JWT stay', () => {
    const text = redactText(`Basic membership, Bearer bond coupon, fiscal ${FOREIGN_JWT}`, known());
    expect(text).toBe(`Basic membership, Bearer bond coupon, fiscal ${FOREIGN_JWT}`);
    expect(redact({ tokenType: 'Bearer', hasClientSecret: true }, known())).toEqual({ tokenType: 'Bearer', hasClientSecret: true });
  });

  it('keeps the masked PAN Viva returns and ordinary ids', () => {
    expect(redactText('card 414746XXXXXX0133 terminal 16000010')).toBe('card 414746XXXXXX0133 terminal 16000010');
  });

  it('applies to what a recording logger keeps', () => {
    const log = recordingLogger(known());
    log.info(`token fetched Bearer ${TOKEN}`, { token: TOKEN, status: 200 });
    expect(JSON.stringify(log.records)).not.toContain(TOKEN);
    expect(log.records[0]?.fields.status).toBe(200);
  });

  it('a redacting logger cleans whatever sink it wraps', () => {
    const sink = recordingLogger();
    redactingLogger(sink, known()).warn('secret s3cr3t-client-secret', { nested: { t: TOKEN } });
    redactingLogger(sink, known()).info('plain');
    expect(JSON.stringify(sink.records)).not.toMatch(/s3cr3t-client-secret|eyJhbGciOiJSUzI1NiJ9/);
    expect(sink.records.map((r) => r.message)).toEqual(['secret [redacted]', 'plain']);
  });
});
