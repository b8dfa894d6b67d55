// One lint configuration for the whole repository (flat config). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'generated/',
      'dist/',
      'data/',
      'tests/artifacts/',
      'bench/.work/',
      'bench/postgraphile/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Configuration is read from the environment once, in src/config.ts; everything else gets a Config.
      'no-process-env': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The one reader of the environment in the application.
    files: ['src/config.ts'],
    rules: { 'no-process-env': 'off' },
  },
  {
    // Tools, tests and the benchmark set up processes and read their own switches.
    files: ['scripts/**', 'bench/**', 'tests/**', '*.config.*', 'tests/vitest.config.ts'],
    rules: { 'no-process-env': 'off' },
  },
  {
    // The ticker and review pages run in the browser, as plain scripts without a bundler.
    files: ['src/server/**/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
    rules: { 'no-process-env': 'off' },
  },
);
