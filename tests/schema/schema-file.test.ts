import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printSchemaSDL } from '../../src/schema';

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `npm run schema:print` after changing src/schema)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaSDL());
  });
});
