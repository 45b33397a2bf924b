import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the Electron binary is, found the way the `electron` package finds it, but WITHOUT
 * `require('electron')`: that call tries to download a missing binary (from a host these
 * machines cannot reach) before it gives up. Used by `npm start` (scripts/start.js) and
 * `npm run test:electron` (scripts/test-electron.js), which both must say plainly when there is
 * none, and by the smoke tests themselves.
 */
export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function electronBinary(electronPackageDir?: string): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = electronPackageDir ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, reason: 'node_modules/electron/path.txt is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, so there is no binary)' };
  }
  const executable = readFileSync(pathFile, 'utf8').trim();
  const path = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable) : join(packageDir, 'dist', executable);
  if (!existsSync(path)) return { ok: false, reason: `the Electron binary ${path} is missing` };
  return { ok: true, path };
}

export function skipLine(reason: string): string {
  return `SKIP tests/electron (Electron smoke tests): no Electron binary on this machine: ${reason}. Everything with logic is tested under Node; these run where Electron is installed (CI on Windows, macOS and Linux).`;
}
