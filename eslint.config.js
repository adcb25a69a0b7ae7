// ESLint 9 flat config: `npm run lint` runs it with --max-warnings 0, so every finding fails.
// Recommended sets of ESLint, typescript-eslint and eslint-plugin-svelte, plus the import
// graph rules (SPEC R-LINT-CYCLE, proven by test/lint/cycle.test.ts):
// - import-x/no-cycle: no module reaches itself again through value imports (`import type`
//   is erased at build time and is not a cycle);
// - import-x/no-restricted-paths: shared/ imports neither server/ nor client/, and client/
//   does not import server/.
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rule is on here.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('.', import.meta.url));
const svelteImportsParser = fileURLToPath(new URL('./eslint.svelte-imports.js', import.meta.url));

export default defineConfig(
  globalIgnores(['dist/', 'test-artifacts/', 'data/', 'test/fixtures/', 'test/lint/fixtures/'], 'kring/ignores'),
  {
    name: 'kring/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  svelte.configs.prettier,
  {
    // svelte-eslint-parser parses `<script lang="ts">` with the TypeScript parser. Also set on
    // .ts files: import-x parses an imported .svelte file with the importer's parser options.
    name: 'kring/svelte-typescript',
    files: ['**/*.ts', '**/*.svelte'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    name: 'kring/svelte-no-undef',
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      // The components are TypeScript: tsc and svelte-check already report undefined names,
      // and no-undef does not know the TypeScript lib types (Record, HTMLElement…).
      'no-undef': 'off',
    },
  },
  {
    name: 'kring/globals/browser',
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'kring/globals/node',
    files: ['server/**', 'scripts/**', 'test/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'kring/rules',
    rules: {
      // Off: `any` marks the activity-kind plugin boundary on purpose (KindRules<C = any, S = any>,
      // `Component<any>` for lazily loaded views, `Record<string, any>` configs in the agenda
      // builder): each kind's own code is typed, and `unknown` there would need a cast at every
      // kind's entry, a redesign of the kind contract rather than a lint fix.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_`-prefixed names are deliberately unused (placeholders in signatures and destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'kring/imports',
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.svelte'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': {
        '@typescript-eslint/parser': ['.ts'],
        [svelteImportsParser]: ['.svelte'],
      },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: `${root}tsconfig.json` })],
    },
    rules: {
      // Packages cannot import our modules back, so the walk stays out of node_modules.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-unresolved': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: './shared',
              from: './server',
              message: 'shared/ runs in the browser and the server: it must not import server code.',
            },
            {
              target: './shared',
              from: './client',
              message: 'shared/ runs in the browser and the server: it must not import client code.',
            },
            {
              target: './client',
              from: './server',
              message: 'The client talks to the server over the protocol, never by importing server code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sync layer and i18n keep bookkeeping (timers, ids in flight, loaded catalogues)
    // in plain Sets and Maps on purpose: none of it is rendered, and what is rendered is
    // exposed through $state fields, so reactive collections would only add cost.
    files: ['client/src/lib/**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
);
