// ESLint (flat config): the recommended JavaScript and typescript-eslint rules. Line length and layout are
// Prettier's (.prettierrc), so no formatting rule is configured here. Run with `npm run lint`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', '.vigil/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The dashboard runs in the browser (React + Vite); it reaches the server only over HTTP.
    files: ['apps/dashboard/**/*.{ts,tsx,mts}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    // Tests read HTTP bodies and raw fixtures as untyped JSON (supertest's `body` is `any` already); typing
    // each one would add casts that catch nothing the assertions do not.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
