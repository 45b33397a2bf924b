import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/**
 * The architecture as lint rules (design.md §1): the core and the contract never touch Electron,
 * the contract touches no Node API either, ipcMain lives only in main and ipcRenderer only in
 * preload, and the renderer reaches the world only through window.ecr. electron/domain is the
 * pure core of facts every layer imports: it imports nothing but itself (no package, no Node,
 * no other layer), so it can run anywhere. Nothing that ships (electron/, renderer/, bin/) nor
 * `npm start` imports from tests/.
 */
const electronImport = { name: 'electron', message: 'electron/core and electron/contract must not import Electron: keep logic testable under Node.' };
const ipcMainOutsideMain = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'Only electron/main may touch ipcMain.',
};
const ipcRendererOutsidePreload = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only electron/preload may touch ipcRenderer.',
};
const nodeBuiltins = { group: ['node:*'], message: 'The contract is shared with the renderer: no Node APIs here.' };
const fromTests = { regex: '(^|/)tests/', message: 'What ships and what `npm start` runs must not depend on tests/: move what both need out of it.' };
const outsideDomain = { regex: '^(?!\\./)', message: 'electron/domain imports nothing but itself (./...): no package, no Node, no other layer.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [ipcMainOutsideMain, ipcRendererOutsidePreload] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['bin/**', 'scripts/start.js'],
    rules: { 'no-restricted-imports': ['error', { paths: [ipcMainOutsideMain, ipcRendererOutsidePreload], patterns: [fromTests] }] },
  },
  {
    files: ['electron/core/**', 'electron/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [fromTests] }] },
  },
  {
    files: ['electron/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outsideDomain] }] },
  },
  {
    files: ['electron/contract/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [nodeBuiltins, fromTests] }] },
  },
  {
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ipcRendererOutsidePreload], patterns: [fromTests] }] },
  },
  {
    files: ['electron/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ipcMainOutsideMain], patterns: [fromTests] }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The renderer talks only to window.ecr.' }], patterns: [nodeBuiltins, fromTests] },
      ],
    },
  },
);
