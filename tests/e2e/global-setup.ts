import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The e2e tests run the BUILT renderer: build once before them when out/renderer is missing or
 * older than any renderer source (`npm test` builds first, so this is usually a no-op).
 */
const ROOT = join(import.meta.dirname, '../..');
const BUILT = join(ROOT, 'out/renderer/index.html');
const SOURCES = ['renderer', 'electron/contract', 'svelte.config.js', 'electron.vite.config.ts'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

export default function setup(): void {
  const stale = !existsSync(BUILT) || SOURCES.some((source) => existsSync(join(ROOT, source)) && newest(join(ROOT, source)) > statSync(BUILT).mtimeMs);
  if (!stale) return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
