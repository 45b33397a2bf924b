#!/usr/bin/env node
// Runs the CLI straight from its TypeScript source: Node 24 strips types natively,
// so `npx ecr` needs no build step.
import '../electron/cli/main.ts';
