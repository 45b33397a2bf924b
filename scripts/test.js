#!/usr/bin/env node
// `npm test`: type checks, lint, build, then every test suite. Unit and integration tests run
// inside a private D-Bus session with a real, unlocked gnome-keyring on Linux (keychain tests are
// real, and never touch the developer's own keyring). Writes test-results/summary.json and ends
// with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withKeyring } from './with-keyring.js';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, command, args, options = {}) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const outcome = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = outcome.status === 0;
  console.log(`=== ${label}: ${ok ? 'ok' : `FAILED (exit ${outcome.status ?? outcome.signal})`} in ${seconds}s`);
  if (!ok) problems.push(label);
  return ok;
}

/** Adds the counts of a vitest JSON report; a missing report means the run itself broke. */
function countVitest(label, file) {
  if (!existsSync(file)) {
    problems.push(`${label}: no report written`);
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if ((report.numTotalTests ?? 0) === 0) problems.push(`${label}: ran no test`);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('lint', 'npm', ['run', '--silent', 'lint']);
run('build', 'npm', ['run', '--silent', 'build']);

const vitestReport = join(results, 'vitest.json');
const [vitestCommand, vitestArgs] = withKeyring(npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) rmSync(vitestReport);
run('unit + integration tests', vitestCommand, vitestArgs);
countVitest('unit + integration tests', vitestReport);

// The smoke tests that need the Electron binary print one clear SKIP line where it is missing.
run('Electron smoke tests (need the Electron binary)', 'npm', ['run', '--silent', 'test:electron']);

const summary = { ...totals, problems };
writeFileSync(join(results, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log('');
if (problems.length > 0) console.log(`Problems: ${problems.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(problems.length === 0 && totals.failed === 0 ? 0 : 1);
