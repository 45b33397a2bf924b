import { describe, expect, it } from 'vitest';
import { loadNativeModules, NATIVE_IMPORTERS, NativeModuleError, type NativeImporters } from '../../../electron/main/native-modules.ts';

function importers(failing?: keyof NativeImporters, loaded: string[] = []): NativeImporters {
  const load = (name: keyof NativeImporters) => async () => {
    if (name === failing) throw new Error(`${name}.node: cannot open shared object file: No such file or directory`);
    loaded.push(name);
  };
  return { 'better-sqlite3': load('better-sqlite3'), keytar: load('keytar') };
}

describe('the native modules, loaded after whenReady', () => {
  it('load for real here (the same N-API binaries as in Electron)', async () => {
    await expect(loadNativeModules(NATIVE_IMPORTERS)).resolves.toBeUndefined();
  });

  it('name the module that failed, say to reinstall, and keep the cause for the log', async () => {
    for (const failing of ['better-sqlite3', 'keytar'] as const) {
      const error = await loadNativeModules(importers(failing)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NativeModuleError);
      expect(error).toMatchObject({ code: 'native-module-unavailable', module: failing });
      const message = (error as Error).message;
      expect(message).toContain(`(${failing})`);
      expect(message).toContain('Reinstall Cloud ECR');
      expect(message).toContain('cannot open shared object file');
    }
  });

  it('load the journal module first: the keychain is not touched when the database cannot load', async () => {
    const loaded: string[] = [];
    await loadNativeModules(importers(undefined, loaded));
    expect(loaded).toEqual(['better-sqlite3', 'keytar']);
    const partly: string[] = [];
    await expect(loadNativeModules(importers('better-sqlite3', partly))).rejects.toMatchObject({ module: 'better-sqlite3' });
    expect(partly).toEqual([]);
  });
});
