import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run ingest', () => {
  let folder: string;
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('adds text and JSON articles, counts duplicates and reports failures with their reason', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ingest-'));
    const articles = path.join(folder, 'articles');
    await run('mkdir', ['-p', articles]);
    await writeFile(path.join(articles, 'one.txt'), 'عنوان\nاجتمع نتنياهو مع ويتكوف في القدس.\n');
    await writeFile(
      path.join(articles, 'two.json'),
      JSON.stringify([
        {
          url: 'https://example.com/two?utm_source=x',
          title: 'Two',
          body: 'التقى الوسطاء في الدوحة',
          language: 'ar',
          source: 'wire',
        },
        {
          url: 'https://example.com/two',
          title: 'Two again',
          body: 'نسخة أخرى',
          language: 'ar',
          source: 'wire',
        },
      ]),
    );
    await writeFile(
      path.join(articles, 'bad.json'),
      JSON.stringify({ url: 'ftp://example.com/x', title: 'Bad', body: 'x', language: 'ar' }),
    );
    const env = { ...process.env, PGLITE_DIR: path.join(folder, 'db'), LOG_LEVEL: 'silent' };
    const first = await run(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', articles], {
      cwd: root,
      env,
    }).catch((error) => error);
    expect(first.stdout).toMatch(/added 2, duplicates 1, failed 1/);
    expect(first.stdout).toMatch(/bad\.json: BAD_USER_INPUT: input\.url/);
    const second = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/ingest.ts', path.join(articles, 'one.txt')],
      { cwd: root, env },
    );
    expect(second.stdout).toMatch(/added 0, duplicates 1, failed 0/);
  }, 120_000);
});
