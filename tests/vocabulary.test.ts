import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as enums from '../generated/prisma/enums';

const root = path.resolve(import.meta.dirname, '..');
const scanned = ['src', 'scripts', 'bench', 'seeds'];
const skipped = new Set(['node_modules', '.work', 'generated']);
const sourceFile = /\.(ts|mts|mjs|js)$/;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (skipped.has(name)) continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* sourceFiles(file);
    else if (sourceFile.test(name)) yield file;
  }
}

const vocabulary: [string, Set<string>][] = Object.entries(
  enums as Record<string, Record<string, string>>,
).map(([name, members]) => [name, new Set(Object.values(members))]);

/**
 * Runs of upper-case string literals written as a list: only commas or union bars between them (an
 * array, a tuple, a union type, a SQL ARRAY[...]). A mapping (`HELD: 'MEETING_HELD', …`) is not a list.
 */
function literalLists(source: string): string[][] {
  const lists: string[][] = [];
  let current: string[] = [];
  let lastEnd = -1;
  for (const match of source.matchAll(/(['"`])([A-Z][A-Z0-9_]*)\1/g)) {
    const between = lastEnd < 0 ? '' : source.slice(lastEnd, match.index);
    if (lastEnd >= 0 && !/^\s*[,|]\s*$/.test(between)) {
      if (current.length > 1) lists.push(current);
      current = [];
    }
    current.push(match[2]);
    lastEnd = match.index + match[0].length;
  }
  if (current.length > 1) lists.push(current);
  return lists;
}

/** Lists naming three or more members of one enum (or all of a smaller one): a copy that will drift. */
function handListedEnums(source: string): string[] {
  const found: string[] = [];
  for (const list of literalLists(source)) {
    for (const [name, members] of vocabulary) {
      const named = new Set(list.filter((value) => members.has(value)));
      if (named.size >= Math.min(3, members.size)) found.push(`${name}: ${[...named].join(', ')}`);
    }
  }
  return found;
}

describe('one vocabulary: enums come from prisma/schema.prisma through the generated client', () => {
  it('finds hand-written lists, and not mappings or short subsets (the detector itself)', () => {
    expect(handListedEnums(`z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR'])`)).toEqual([
      'DatePrecision: DAY, WEEK, MONTH, YEAR',
    ]);
    expect(handListedEnums(`type K = 'MEETING' | 'PROPOSAL'\n  | 'STANCE' | 'TALKS';`)).toContain(
      'CandidateKind: MEETING, PROPOSAL, STANCE',
    );
    expect(handListedEnums(`(ARRAY['HELD','PLANNED','CANCELLED'])[1 + g % 3]`)).toEqual([
      'MeetingStatus: HELD, PLANNED, CANCELLED',
    ]);
    expect(handListedEnums(`{ HELD: 'MEETING_HELD', PLANNED: 'MEETING_PLANNED', X: 'STATEMENT' }`)).toEqual(
      [],
    );
    expect(handListedEnums(`kinds: ['MEETING_HELD', 'PROPOSAL_TABLED']`)).toEqual([]);
  });

  it('no source file outside generated code lists an enum by hand', () => {
    const offenders: string[] = [];
    for (const top of scanned) {
      for (const file of sourceFiles(path.join(root, top))) {
        for (const found of handListedEnums(readFileSync(file, 'utf8')))
          offenders.push(`${path.relative(root, file)}: ${found}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the seed files are validated with the slug pattern of the app', () => {
    const seedSchema = readFileSync(path.join(root, 'src/domain/seed-schema.ts'), 'utf8');
    expect(seedSchema).toMatch(/\bslug,?\n[^]*from '\.\/vocabulary'/);
    expect(seedSchema).not.toMatch(/\.regex\(\/\^\[a-z0-9\]/);
  });
});
