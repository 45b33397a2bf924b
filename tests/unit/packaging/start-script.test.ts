import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** `npm start` where Electron's binary is missing: a plain explanation, not electron-vite's stack. */
function start(electronDir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/start.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ECR_ELECTRON_DIR: electronDir },
    timeout: 60_000,
  });
}

describe('npm start without the Electron binary', () => {
  it.each([
    ['installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (no path.txt)', (dir: string) => dir],
    [
      'path.txt names a binary that is not there',
      (dir: string) => {
        writeFileSync(join(dir, 'path.txt'), 'electron');
        return dir;
      },
    ],
  ])('%s: says what is missing, how to fetch it and what works meanwhile; exit 1', (_case, prepare) => {
    const result = start(prepare(mkdtempSync(join(tmpdir(), 'ecr-no-electron-'))));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Electron's binary is not installed");
    expect(result.stderr).toContain('node node_modules/electron/install.js');
    expect(result.stderr).toContain('npx ecr help');
    expect(result.stderr).toContain('npx ecr simulator');
    expect(result.stderr).not.toMatch(/Electron uninstall|\n\s+at /);
  });

  it('is what `npm start` runs', async () => {
    const pkg = JSON.parse((await import('node:fs')).readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.js');
  });
});
