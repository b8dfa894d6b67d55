import { readFile } from 'node:fs/promises';
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ours } from '../../bench/lib/queries';
import { buildSchema, printSchemaSDL } from '../../src/schema';

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `npm run schema:print` after changing src/schema)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaSDL());
  });
});

describe('clients of the schema', () => {
  it('the ticker and the bench select no deprecated field (Actor.nameEn is Actor.name)', async () => {
    const schema = buildSchema();
    const ticker = await readFile(
      new URL('../../src/server/ticker/assets/ticker.js', import.meta.url),
      'utf8',
    );
    // The ticker's documents are template literals that splice in constants and a shared fragment.
    const constants = new Map<string, string>();
    for (const [, name, value] of ticker.matchAll(/^const (\w+) = (\d+);$/gm)) constants.set(name, value);
    const documents: string[] = [];
    for (const [, name, template] of ticker.matchAll(/^const (\w+) = (?:\/\* GraphQL \*\/ )?`([^`]*)`;$/gm)) {
      const text = template.replace(/\$\{(\w+)\}/g, (_, key: string) => constants.get(key) ?? '');
      constants.set(name, text);
      if (/^\s*(query|subscription|mutation)\b/.test(text)) documents.push(text);
    }
    expect(documents.length).toBeGreaterThanOrEqual(3);
    documents.push(ours.nested, ours.point, ours.search, ours.addArticle);
    for (const document of documents) {
      const errors = validate(schema, parse(document), [...specifiedRules, NoDeprecatedCustomRule]);
      expect(
        errors.map((error) => error.message),
        document,
      ).toEqual([]);
    }
  });
});
