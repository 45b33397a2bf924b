import { describe, expect, it } from 'vitest';
import { recordingLogger, redact, redactText } from '../../../electron/core/logger.ts';

describe('redaction', () => {
  it('blanks secret-looking keys at any depth', () => {
    const out = redact({ clientSecret: 's3cr3t', nested: { access_token: 'abc', list: [{ password: 'p' }] }, ok: 1 });
    expect(JSON.stringify(out)).not.toMatch(/s3cr3t|abc|"p"/);
    expect(out).toMatchObject({ ok: 1, clientSecret: '[redacted]' });
  });

  it('masks bearer and basic credentials, JWTs and full card numbers in text', () => {
    const text = redactText('Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig and Basic dXNlcjpwYXNz card 4147460000000133');
    expect(text).not.toMatch(/eyJ|dXNlcjpwYXNz|4147460000000133/);
  });

  it('keeps the masked PAN Viva returns and ordinary ids', () => {
    expect(redactText('card 414746XXXXXX0133 terminal 16000010')).toBe('card 414746XXXXXX0133 terminal 16000010');
  });

  it('applies to what a recording logger keeps', () => {
    const log = recordingLogger();
    log.info('token fetched Bearer abc.def', { token: 'abc.def', status: 200 });
    expect(JSON.stringify(log.records)).not.toContain('abc.def');
    expect(log.records[0]?.fields.status).toBe(200);
  });
});
