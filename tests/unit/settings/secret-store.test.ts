import { describe, expect, it } from 'vitest';
import {
  checkSecretValue,
  credentialStatus,
  isCredentialEnvironment,
  memorySecretStore,
  readCredentials,
  SecretStoreError,
} from '../../../electron/core/settings/index.ts';

describe('the secret store interface', () => {
  it('says whether a secret is set, never what it is', async () => {
    const store = memorySecretStore({ production: { clientId: 'prod-id', clientSecret: 'prod-secret-123' } });
    const status = await credentialStatus(store, 'production');
    expect(status).toEqual({ clientId: 'prod-id', hasClientSecret: true });
    expect(JSON.stringify(status)).not.toContain('prod-secret-123');
    expect(await credentialStatus(store, 'demo')).toEqual({ clientId: null, hasClientSecret: false });
  });

  it('hands out credentials only when both are set', async () => {
    const store = memorySecretStore({ demo: { clientId: 'demo-id' } });
    expect(await readCredentials(store, 'demo')).toBeNull();
    await store.set('demo', 'clientSecret', ' demo-secret ');
    expect(await readCredentials(store, 'demo')).toEqual({ clientId: 'demo-id', clientSecret: 'demo-secret' });
    await store.delete('demo', 'clientSecret');
    await store.delete('demo', 'clientSecret');
    expect(await readCredentials(store, 'demo')).toBeNull();
  });

  it('refuses values that cannot be credentials, without echoing them', async () => {
    const store = memorySecretStore();
    for (const bad of ['', '   ', 'line\nbreak', 'x'.repeat(1001), 42]) {
      const error = await store.set('demo', 'clientSecret', bad as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretStoreError);
      expect((error as SecretStoreError).code).toBe('invalid-secret');
      if (typeof bad === 'string' && bad.trim()) expect((error as Error).message).not.toContain(bad);
    }
    expect(store.snapshot()).toEqual({});
    expect(checkSecretValue('clientId', ' id ')).toBe('id');
  });

  it('knows which environments have credentials', () => {
    expect(isCredentialEnvironment('demo')).toBe(true);
    expect(isCredentialEnvironment('production')).toBe(true);
    expect(isCredentialEnvironment('simulator')).toBe(false);
  });
});
