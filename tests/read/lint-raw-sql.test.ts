import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

// The house rule "hand-written SQL only in src/read/ and src/db/" is enforced by eslint.config.js; this
// lints a fixture full of raw SQL as if it were a file elsewhere in src/ and expects every line marked
// `// violation` to be reported, and nothing reported for the same text inside src/read/.
const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/lint/raw-sql.ts');

async function lintAs(file: string) {
  const eslint = new ESLint({ cwd: root });
  const text = await readFile(fixture, 'utf8');
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  const marked = text
    .split('\n')
    .flatMap((line, index) => (line.trimEnd().endsWith('// violation') ? [index + 1] : []));
  const reported = result.messages
    .filter((message) => ['no-restricted-syntax', 'no-restricted-imports'].includes(message.ruleId ?? ''))
    .map((message) => message.line);
  return { marked, reported };
}

it('refuses raw SQL and driver imports outside src/read and src/db', async () => {
  const { marked, reported } = await lintAs('src/domain/raw-sql-fixture.ts');
  expect(marked.length).toBeGreaterThanOrEqual(7);
  expect([...new Set(reported)].sort((a, b) => a - b)).toEqual(marked);
}, 60_000);

it('allows them in src/read and src/db', async () => {
  expect((await lintAs('src/read/raw-sql-fixture.ts')).reported).toEqual([]);
  expect((await lintAs('src/db/raw-sql-fixture.ts')).reported).toEqual([]);
}, 60_000);
