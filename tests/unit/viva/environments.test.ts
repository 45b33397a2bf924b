import { describe, expect, it } from 'vitest';
import { customEndpoints, tokenUrl, vivaEndpoints } from '../../../electron/core/viva/environments.ts';
import { VivaError } from '../../../electron/core/viva/errors.ts';

describe('environments', () => {
  it('knows the demo and production hosts of spec §1.1', () => {
    expect(vivaEndpoints('demo')).toEqual({ accountsUrl: 'https://demo-accounts.vivapayments.com', apiUrl: 'https://demo-api.vivapayments.com' });
    expect(vivaEndpoints('production')).toEqual({ accountsUrl: 'https://accounts.vivapayments.com', apiUrl: 'https://api.vivapayments.com' });
    expect(tokenUrl(vivaEndpoints('demo'))).toBe('https://demo-accounts.vivapayments.com/connect/token');
    expect(tokenUrl(vivaEndpoints('production'))).toBe('https://accounts.vivapayments.com/connect/token');
  });

  it('accepts the simulator on loopback and a https proxy with a path', () => {
    expect(customEndpoints({ accountsUrl: 'http://127.0.0.1:4010/', apiUrl: 'http://localhost:4010' })).toEqual({
      accountsUrl: 'http://127.0.0.1:4010',
      apiUrl: 'http://localhost:4010',
    });
    const proxy = customEndpoints({ accountsUrl: 'https://proxy.example/viva-accounts/', apiUrl: 'https://proxy.example/viva-api' });
    expect(tokenUrl(proxy)).toBe('https://proxy.example/viva-accounts/connect/token');
  });

  it('refuses plain http off this computer, junk, and URLs with credentials, without echoing them', () => {
    for (const bad of ['http://192.168.1.20:8080', 'ftp://x.example', 'not a url', 'https://user:pw@proxy.example', 'https://x.example/?a=1']) {
      let caught: unknown;
      try {
        customEndpoints({ accountsUrl: bad, apiUrl: 'https://api.vivapayments.com' });
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(VivaError);
      expect((caught as VivaError).message).not.toContain('pw@');
    }
  });
});
