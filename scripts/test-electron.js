#!/usr/bin/env node
// `npm run test:electron`: the smoke tests that need the Electron binary (tests/electron/).
// Where no binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1), prints one clear SKIP line and
// exits 0: everything with logic is tested under Node. Elsewhere: builds, then runs them (on a
// Linux machine without a display, inside xvfb-run).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, skipLine } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const binary = electronBinary();
if (!binary.ok) {
  console.log(skipLine(binary.reason));
  process.exit(0);
}

const shell = process.platform === 'win32';
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell }).status ?? 1;

if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
const vitest = ['vitest', 'run', '--config', 'vitest.electron.config.ts'];
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
process.exit(headless ? run('xvfb-run', ['-a', 'npx', ...vitest]) : run('npx', vitest));
