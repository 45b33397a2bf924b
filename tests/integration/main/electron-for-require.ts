import { createRequire } from 'node:module';

/**
 * vi.mock('electron') stubs `electron` for the code vitest loads; a CommonJS package loaded by
 * Node itself (electron-log/main, electron-updater) would still `require('electron')` the real
 * package, which under Node is only the binary's path (or throws when there is no binary). This
 * puts the same stub into Node's require cache, so such a package runs against it too, and what
 * it registers (an ipcMain listener, say) is seen by the test.
 */
export function stubElectronForRequire(stub: object): () => void {
  const require = createRequire(import.meta.url);
  const id = require.resolve('electron');
  const previous = require.cache[id];
  require.cache[id] = { id, filename: id, loaded: true, exports: stub, children: [], paths: [] } as unknown as NodeJS.Module;
  return () => {
    if (previous) require.cache[id] = previous;
    else delete require.cache[id];
  };
}
