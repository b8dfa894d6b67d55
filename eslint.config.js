// One lint configuration for the whole repository (flat config). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const rawSqlMessage = 'Raw SQL belongs in src/read/ (reads) or src/db/ (locks, leases, migrations).';
/** What raw SQL looks like in this code base: Prisma's raw calls and helpers, `sql` templates, driver queries. */
export const rawSqlSyntax = [
  {
    selector: 'MemberExpression[property.name=/^\\$(queryRaw|executeRaw)(Unsafe|Typed)?$/]',
    message: rawSqlMessage,
  },
  {
    selector: "MemberExpression[object.name='Prisma'][property.name=/^(sql|raw|join|empty)$/]",
    message: rawSqlMessage,
  },
  { selector: 'TaggedTemplateExpression[tag.name=/^(sql|raw)$/]', message: rawSqlMessage },
  {
    selector:
      'CallExpression[callee.property.name=/^(query|exec)$/][callee.object.name=/^(pool|client|pglite|pg|db)$/i]',
    message: rawSqlMessage,
  },
];

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
    // Hand-written SQL lives in src/read/ (reads: the one place GraphQL selections become SQL) and src/db/
    // (locks, leases, migrations); everywhere else goes through the Prisma client's query API. Pinned by
    // tests/read/lint-raw-sql.test.ts with tests/fixtures/lint/raw-sql.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/read/**', 'src/db/**'],
    rules: {
      'no-restricted-syntax': ['error', ...rawSqlSyntax],
      'no-restricted-imports': [
        'error',
        {
          paths: ['pg', '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg'].map(
            (name) => ({
              name,
              message: 'Database drivers are used in src/db/ and src/read/ only.',
              allowTypeImports: true,
            }),
          ),
        },
      ],
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
