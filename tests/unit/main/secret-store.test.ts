import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialStatus, readCredentials, SecretStoreError } from '../../../electron/core/settings/index.ts';
import { keychainService, keytarSecretStore, type Keychain } from '../../../electron/main/secret-store.ts';

// REAL keychain: scripts/test.js runs the tests inside a private D-Bus session with an unlocked
// gnome-keyring (Linux); on Windows and macOS it is the user's own keychain. A product name of
// its own keeps these entries apart from the app's.
const product = `Cloud ECR test ${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  for (const environment of ['demo', 'production'] as const) {
    for (const account of ['client-id', 'client-secret']) await keytar.deletePassword(keychainService(environment, product), account);
  }
});

describe('the keytar secret store (real OS keychain)', () => {
  it('names one service per environment', () => {
    expect(keychainService('production')).toBe('Cloud ECR (production)');
    expect(keychainService('demo')).toBe('Cloud ECR (demo)');
  });

  it('stores, reads and deletes credentials in the keychain', async () => {
    const store = keytarSecretStore({ product });
    const secret = `secret-${randomUUID()}`;
    expect(await store.get('production', 'clientSecret')).toBeNull();
    await store.set('production', 'clientId', 'prod-client.apps.vivapayments.com');
    await store.set('production', 'clientSecret', secret);
    // Really in the keychain, under the documented service and account names.
    expect(await keytar.getPassword(keychainService('production', product), 'client-secret')).toBe(secret);
    expect(await readCredentials(store, 'production')).toEqual({ clientId: 'prod-client.apps.vivapayments.com', clientSecret: secret });
    expect(await credentialStatus(store, 'production')).toEqual({ clientId: 'prod-client.apps.vivapayments.com', hasClientSecret: true });
    // Environments do not share entries.
    expect(await store.get('demo', 'clientSecret')).toBeNull();
    await store.delete('production', 'clientSecret');
    await store.delete('production', 'clientSecret');
    expect(await store.get('production', 'clientSecret')).toBeNull();
    expect(await keytar.getPassword(keychainService('production', product), 'client-secret')).toBeNull();
    expect(await store.get('production', 'clientId')).toBe('prod-client.apps.vivapayments.com');
  });

  it('refuses a bad value before touching the keychain', async () => {
    const store = keytarSecretStore({ product });
    await expect(store.set('demo', 'clientSecret', 'two\nlines')).rejects.toMatchObject({ code: 'invalid-secret' });
    expect(await store.get('demo', 'clientSecret')).toBeNull();
  });

  it('reports an unusable keychain as keychain-unavailable, never with the secret', async () => {
    const broken: Keychain = {
      getPassword: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: async () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided')),
      deletePassword: async () => Promise.reject(new Error('locked')),
    };
    const store = keytarSecretStore({ keychain: broken, product });
    const error = await store.set('demo', 'clientSecret', 'do-not-echo-me-123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as SecretStoreError).code).toBe('keychain-unavailable');
    expect((error as Error).message).not.toContain('do-not-echo-me-123');
    await expect(store.get('demo', 'clientId')).rejects.toMatchObject({ code: 'keychain-unavailable' });
    await expect(store.delete('demo', 'clientId')).rejects.toMatchObject({ code: 'keychain-unavailable' });
  });
});
