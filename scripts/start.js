#!/usr/bin/env node
// `npm start`: the app, built and run by electron-vite. Without Electron's binary (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed) electron-vite only prints
// "Error: Electron uninstall" and a stack; this says in plain words what is missing, how to fetch
// it, and what works meanwhile, and exits 1 without starting anything.
// ECR_ELECTRON_DIR points at another electron package folder (the tests use an empty one).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.ts';

export function missingElectronText(reason) {
  return [
    'Cloud ECR cannot start: Electron\'s binary is not installed on this machine.',
    `  (${reason})`,
    '',
    'Fetch it with Electron\'s own installer, where its download host (github.com) is reachable:',
    '  node node_modules/electron/install.js',
    'then run `npm start` again.',
    '',
    'Meanwhile, without Electron:',
    '  npx ecr help         the command line over the same core (sale, refund, journal, report...)',
    '  npx ecr simulator    the Viva simulator on http://127.0.0.1:4010',
    '  npm test             every test (the few that need Electron say they are skipped)',
  ].join('\n');
}

const root = join(import.meta.dirname, '..');
const binary = electronBinary(process.env.ECR_ELECTRON_DIR || undefined);
if (!binary.ok) {
  console.error(missingElectronText(binary.reason));
  process.exit(1);
}
const shell = process.platform === 'win32';
const result = spawnSync('npx', ['electron-vite', 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', shell });
process.exit(result.status ?? 1);
