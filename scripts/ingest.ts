// npm run ingest -- <files or folders> [--source NAME] [--language ar] [--published YYYY-MM-DD]
// Stores plain-text (.txt: first line is the title) or JSON articles ({url, title, body, source, language,
// publishedAt} or an array of them) through the same domain write the addArticle mutation uses.
// The embedded database allows one process at a time: stop the server first, or point DATABASE_URL at PostgreSQL.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { applyMigrations } from '../src/db/migrate';
import { DomainError } from '../src/domain/errors';
import { addArticle, type AddArticleInput } from '../src/domain/ingest';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    source: { type: 'string', default: 'local files' },
    language: { type: 'string', default: 'ar' },
    published: { type: 'string' },
  },
});
if (!positionals.length) {
  console.error(
    'usage: npm run ingest -- <files or folders> [--source NAME] [--language ar] [--published YYYY-MM-DD]',
  );
  process.exit(2);
}

async function listFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => listFiles(path.join(target, entry.name))));
  return nested
    .flat()
    .filter((file) => /\.(txt|json)$/i.test(file))
    .sort();
}

async function articlesIn(file: string): Promise<AddArticleInput[]> {
  const text = await readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.json')) {
    const parsed = JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[];
    return (Array.isArray(parsed) ? parsed : [parsed]).map((item) => ({
      ...(item as unknown as AddArticleInput),
      source: (item.source as string) ?? options.source!,
      language:
        (item.language as AddArticleInput['language']) ?? (options.language as AddArticleInput['language']),
      publishedAt: item.publishedAt ? new Date(item.publishedAt as string) : null,
    }));
  }
  const title = text.split('\n', 1)[0].trim();
  return [
    {
      url: pathToFileURL(path.resolve(file)).toString(),
      title,
      body: text,
      source: options.source!,
      language: options.language as AddArticleInput['language'],
      publishedAt: options.published ? new Date(`${options.published}T00:00:00Z`) : null,
    },
  ];
}

const config = loadConfig();
const database = await openDatabase(config.database);
await applyMigrations(database);
const domain = { prisma: database.prisma, onDevelopmentsCommitted: () => {} };

const files = (await Promise.all(positionals.map(listFiles))).flat();
const summary = { added: 0, duplicates: 0, failed: 0 };
const failures: string[] = [];
const bar = new cliProgress.SingleBar(
  { format: 'ingesting [{bar}] {value}/{total} {file}', hideCursor: true },
  cliProgress.Presets.shades_classic,
);
bar.start(files.length, 0, { file: '' });
for (const file of files) {
  bar.update({ file: path.basename(file) });
  try {
    for (const article of await articlesIn(file)) {
      const result = await addArticle(domain, article, { allowFileUrls: true });
      if (result.created) summary.added += 1;
      else summary.duplicates += 1;
    }
  } catch (error) {
    summary.failed += 1;
    const reason =
      error instanceof DomainError ? `${error.code}: ${error.message}` : (error as Error).message;
    failures.push(`${file}: ${reason}`);
  }
  bar.increment();
}
bar.stop();
await database.close();
console.log(`added ${summary.added}, duplicates ${summary.duplicates}, failed ${summary.failed}`);
for (const failure of failures) console.log(`  failed ${failure}`);
process.exit(summary.failed ? 1 : 0);
