// Lint keeps the layering of DESIGN.md honest: only main.ts, preload.ts, ipc.ts and print.ts may import
// 'electron'; shared/ and renderer/ use no Node; the renderer reaches data only through shared/api.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'exceljs'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Type-only imports of 'electron' are erased at build time and may appear anywhere in electron/.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: "Only electron/main.ts, preload.ts, ipc.ts and print.ts may import 'electron'.", allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/print.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ and renderer/ never touch Electron.' }],
          patterns: [
            { group: nodeModules, message: 'shared/ and renderer/ run without Node: no Node modules or database code.' },
            { group: ['**/electron/**', '**/db/**'], message: 'The renderer reaches data only through shared/api.ts.' },
          ],
        },
      ],
    },
  },
  {
    // electron-builder's hooks are require()d: plain CommonJS.
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' } },
  },
);
