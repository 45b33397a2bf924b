#!/usr/bin/env node
// `npm run soak` (not part of CI, not part of `npm test`): the crash, fault and local-fault suites
// at soak sizes, one after the other, each printing its figures; then every suite's figures again
// in one block each, and a line per suite saying whether it passed. Exit 0 only if all passed.
//
// Sizes (environment variables, each kept if already set):
//   ECR_CRASH_KILLS        default 1000   `ecr sale` processes SIGKILLed (tests/integration/crash)
//   ECR_FAULT_SALES        default 10000  sales under network faults (tests/integration/faults)
//   ECR_LOCAL_FAULT_ROUNDS default 200    rounds of local faults (tests/integration/local-faults, when present)
// A quick try of the script itself: ECR_CRASH_KILLS=60 ECR_FAULT_SALES=400 npm run soak
// Each suite's own test timeout grows with its size; this script sets none.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withKeyring } from './with-keyring.js';

const root = join(import.meta.dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const SIZES = { ECR_CRASH_KILLS: '1000', ECR_FAULT_SALES: '10000', ECR_LOCAL_FAULT_ROUNDS: '200' };
const env = { ...process.env };
for (const [name, value] of Object.entries(SIZES)) env[name] ||= value;

const suites = [
  { label: 'crash suite', folder: 'tests/integration/crash', size: `ECR_CRASH_KILLS=${env.ECR_CRASH_KILLS}` },
  { label: 'fault suite', folder: 'tests/integration/faults', size: `ECR_FAULT_SALES=${env.ECR_FAULT_SALES}` },
  { label: 'local-fault suite', folder: 'tests/integration/local-faults', size: `ECR_LOCAL_FAULT_ROUNDS=${env.ECR_LOCAL_FAULT_ROUNDS}` },
];

// eslint-disable-next-line no-control-regex -- vitest colours its output; the figures are read without them
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * A suite's figures: the block its test prints with console.log, a first line "<name> suite: ..."
 * and indented lines after it (see the end of crash.test.ts and faults.test.ts).
 */
function figureBlocks(output) {
  const blocks = [];
  let current = null;
  for (const line of output.replace(ANSI, '').split(/\r?\n/)) {
    if (/^[a-z][a-z -]* suite: /.test(line)) {
      current = [line];
      blocks.push(current);
    } else if (current && /^\s+\S/.test(line)) current.push(line);
    else current = null;
  }
  return blocks.map((block) => block.join('\n'));
}

function runSuite(suite) {
  const [command, args] = withKeyring(npx, ['vitest', 'run', '--project', 'node', '--reporter=default', suite.folder]);
  console.log(`\n=== ${suite.label} (${suite.size}): ${suite.folder}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      console.log(`=== ${suite.label}: ${code === 0 ? 'passed' : `FAILED (exit ${code ?? signal})`} in ${seconds.toFixed(1)} s`);
      resolve({ ...suite, ok: code === 0, seconds, figures: figureBlocks(output) });
    });
  });
}

const hasTests = (folder) => existsSync(join(root, folder)) && readdirSync(join(root, folder)).some((name) => name.endsWith('.test.ts'));

const results = [];
for (const suite of suites) {
  if (!hasTests(suite.folder)) {
    console.log(`\n=== ${suite.label}: skipped (${suite.folder} has no tests yet)`);
    results.push({ ...suite, ok: true, skipped: true, seconds: 0, figures: [] });
    continue;
  }
  results.push(await runSuite(suite));
}

console.log('\n================ soak figures ================');
for (const result of results) {
  console.log(`\n--- ${result.label} (${result.size}) ---`);
  if (result.skipped) console.log('  not run: no tests in its folder yet');
  else if (result.figures.length === 0) console.log('  (the suite printed no figures: it failed before its summary; see its output above)');
  for (const block of result.figures) console.log(block);
}
console.log('');
for (const result of results) {
  console.log(`${result.label.padEnd(18)} ${result.skipped ? 'skipped' : result.ok ? 'passed ' : 'FAILED '} ${result.seconds.toFixed(1).padStart(8)} s  ${result.size}`);
}
const failed = results.filter((r) => !r.ok);
console.log(failed.length === 0 ? 'soak: all suites passed' : `soak: ${failed.length} suite(s) FAILED: ${failed.map((r) => r.label).join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
