#!/usr/bin/env node
// Runs the CLI straight from its TypeScript source: Node 24 strips types natively, so `npx ecr`
// needs no build step. The compile cache keeps repeated start-ups (scripts, crash tests) fast.
import module from 'node:module';

module.enableCompileCache?.();
await import('../electron/cli/main.ts');
