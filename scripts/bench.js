#!/usr/bin/env node
// `npm run bench [-- --only latency|journal]`: the performance budgets of design.md §8, printed
// one line per figure with PASS/FAIL; exits 1 if any figure misses its budget. The benchmarks
// live in tests/bench/ (TypeScript, run by Node 24's type stripping) and are not part of `npm test`.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`npm run bench needs Node 24 (this is ${process.version}): it runs the TypeScript sources directly.`);
  process.exit(2);
}
const { main } = await import('../tests/bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
