// Lint, and the layering it enforces (docs/architecture.md): which folder may import which.
//   model    electron/model    Node-free types and pure functions: imports nothing else of ours
//   contract electron/shared   the typed IPC contract: imports the model only
//   core     electron/core     domain logic under plain Node: model, contract; never the shell or the renderer
//   shell    electron/main, main.ts, preload.ts: Electron; anything below it
//   renderer renderer/src      React UI: the model and the contract only, never Node
// and no import cycles anywhere.
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS =
  '^(node:|(assert|buffer|child_process|crypto|dgram|dns|events|fs|http|http2|https|module|net|os|path|perf_hooks|process|readline|stream|string_decoder|timers|tls|tty|url|util|v8|vm|worker_threads|zlib)(/|$))';
const noNode = (where) => ({
  paths: [{ name: 'electron', message: `${where} never imports Electron.` }],
  patterns: [
    { regex: NODE_BUILTINS, message: `${where} runs without Node (in the renderer too): no Node modules.` },
  ],
});
/** `target` may import from electron/ only what `allowed` names (folders under electron/). */
const onlyFromElectron = (target, allowed, message) => ({
  target,
  from: './electron',
  except: allowed,
  message,
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'test-results', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/**/*.{ts,tsx}', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            onlyFromElectron('./electron/model', ['./model'], 'the model imports nothing but the model.'),
            onlyFromElectron(
              './electron/shared',
              ['./model', './shared'],
              'the contract imports the model only.',
            ),
            onlyFromElectron(
              './renderer',
              ['./model', './shared'],
              'the renderer reaches main only through the contract.',
            ),
            {
              target: './electron/model',
              from: './renderer',
              message: 'the model imports nothing but the model.',
            },
            ...['./electron/main', './electron/main.ts', './electron/preload.ts', './renderer'].map(
              (from) => ({
                target: './electron/core',
                from,
                message: 'electron/core runs under plain Node: never the shell or the renderer.',
              }),
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/model/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', noNode('The model')] },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noNode('The contract')] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', noNode('The renderer')] },
  },
  {
    files: ['electron/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/core runs under plain Node: no electron imports.' }],
        },
      ],
    },
  },
);
