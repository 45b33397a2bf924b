import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of design.md §1 live in eslint.config.js; these probes prove they bite, so a
// weakened config fails here rather than silently letting Electron into the core.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture lint rules', () => {
  it.each([
    ['electron/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/contract/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/contract/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['electron/preload/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['electron/main/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    // electron/domain imports nothing but itself.
    ['electron/domain/probe.ts', "import { currency } from '../core/money.ts';\nexport const a = currency;\n"],
    ['electron/domain/probe.ts', "import { channels } from '../contract/channels.ts';\nexport const a = channels;\n"],
    ['electron/domain/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['electron/domain/probe.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['electron/domain/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    // What ships, and what `npm start` runs, never leans on tests/.
    ['scripts/start.js', "import { seed } from '../tests/support/seed.ts';\nexport const a = seed;\n"],
    ['bin/probe.js', "import { seed } from '../tests/support/seed.ts';\nexport const a = seed;\n"],
    ['electron/core/probe.ts', "import { seed } from '../../tests/support/seed.ts';\nexport const a = seed;\n"],
    ['electron/main/probe.ts', "import { seed } from '../../tests/support/seed.ts';\nexport const a = seed;\n"],
    ['renderer/src/probe.ts', "import { fakeEcr } from '../../tests/renderer/support/fake-ecr.ts';\nexport const a = fakeEcr;\n"],
  ])('refuses the forbidden import in %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['electron/main/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['electron/preload/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['electron/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    // Every layer may import the domain, and the domain itself.
    ['electron/domain/probe.ts', "import { MAX_AMOUNT_MINOR } from './money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['electron/core/probe.ts', "import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['electron/contract/probe.ts', "import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['electron/cli/probe.ts', "import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['electron/main/probe.ts', "import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['electron/preload/probe.ts', "import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    ['renderer/src/probe.ts', "import { MAX_AMOUNT_MINOR } from '../../electron/domain/money-limits.ts';\nexport const a = MAX_AMOUNT_MINOR;\n"],
    // The scripts' shared helpers live in scripts/, where start.js and the tests both reach them.
    ['scripts/start.js', "import { electronBinary } from './electron-binary.ts';\nexport const a = electronBinary;\n"],
    ['tests/electron/probe.ts', "import { electronBinary } from '../../scripts/electron-binary.ts';\nexport const a = electronBinary;\n"],
  ])('allows the import that belongs in %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([]);
  });
});
