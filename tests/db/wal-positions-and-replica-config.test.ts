// Log positions are compared in JavaScript (src/db/replicas.ts) to decide which replica may serve a read:
// the parsing, printing and order must be PostgreSQL's own, checked here against pg_lsn on generated values.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { formatWalPosition, parseWalPosition } from '../../src/db/replicas';

describe('WAL positions', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  const position = fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }));
  const text = ([high, low]: [number, number]) => `${high.toString(16)}/${low.toString(16)}`;

  it('prints as pg_lsn prints, reads back, and orders as pg_lsn orders', async () => {
    await fc.assert(
      fc.asyncProperty(position, position, async (a, b) => {
        const { rows } = await db.query<{ a: string; b: string; less: boolean; same: boolean }>(
          'SELECT $1::pg_lsn::text AS a, $2::pg_lsn::text AS b, $1::pg_lsn < $2::pg_lsn AS less, $1::pg_lsn = $2::pg_lsn AS same',
          [text(a), text(b)],
        );
        const [row] = rows;
        const parsedA = parseWalPosition(text(a))!;
        const parsedB = parseWalPosition(text(b))!;
        expect(formatWalPosition(parsedA)).toBe(row.a);
        expect(parseWalPosition(row.b)).toBe(parsedB);
        expect(parsedA < parsedB).toBe(row.less);
        expect(parsedA === parsedB).toBe(row.same);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what is not a position', () => {
    for (const bad of ['', '0', '0/', '/0', '1/2/3', 'G/0', '0/123456789', ' 0/1', '0/1 ', '-1/0', '0x1/0'])
      expect(parseWalPosition(bad), bad).toBeNull();
    expect(parseWalPosition('0/0')).toBe(0n);
    expect(parseWalPosition('ffffffff/FFFFFFFF')).toBe(2n ** 64n - 1n);
  });
});

describe('DATABASE_REPLICA_URLS', () => {
  const primary = 'postgres://app@db/negotiations';
  it('is a list of PostgreSQL URLs beside DATABASE_URL', () => {
    const config = loadConfig({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: ' postgres://app@r1/negotiations, postgresql://app@r2/negotiations ,',
    });
    expect(config.database).toMatchObject({
      kind: 'postgres',
      replicaUrls: ['postgres://app@r1/negotiations', 'postgresql://app@r2/negotiations'],
      replicaCheckMs: 100,
    });
    expect(loadConfig({ DATABASE_URL: primary }).database).toMatchObject({ replicaUrls: [] });
  });

  it('refuses replicas without a primary, and what is not a PostgreSQL URL', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://app@r1/db' })).toThrow(
      /DATABASE_URL must be set/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'mysql://r1/db' })).toThrow(
      /DATABASE_REPLICA_URLS.*postgres:\/\//,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_CHECK_MS: '1' })).toThrow(
      /DATABASE_REPLICA_CHECK_MS/,
    );
  });
});
