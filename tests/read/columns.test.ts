import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModels } from '../../generated/read-columns';
import { readColumnsModule } from '../../scripts/generate-read-columns.mjs';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { modelJson } from '../../src/read/records';
import { createTestDatabase, testDatabases, type TestDatabase } from '../support/databases';

// src/read builds its SQL from generated/read-columns.ts (written by `prisma generate` from Prisma's DMMF),
// not from the assumption that column names are field names.

it('takes table and column names from @@map and @map, and keeps types and lists', () => {
  const text = readColumnsModule({
    models: [
      {
        name: 'Thing',
        dbName: 'things',
        fields: [
          { name: 'id', dbName: null, kind: 'scalar', type: 'Int', isList: false },
          { name: 'seenAt', dbName: 'seen_at', kind: 'scalar', type: 'DateTime', isList: false },
          { name: 'tags', dbName: null, kind: 'scalar', type: 'String', isList: true },
          { name: 'owner', dbName: null, kind: 'object', type: 'Actor', isList: false },
        ],
      },
    ],
  });
  const models = JSON.parse(/= (\{[\s\S]*\});\s*$/.exec(text)![1]);
  expect(models).toEqual({
    Thing: {
      table: 'things',
      fields: {
        id: { column: 'id', type: 'Int', kind: 'scalar', isList: false },
        seenAt: { column: 'seen_at', type: 'DateTime', kind: 'scalar', isList: false },
        tags: { column: 'tags', type: 'String', kind: 'scalar', isList: true },
      },
    },
  });
});

it('builds record JSON with the mapped column and revives dates', () => {
  readModels.MappedForTest = {
    table: 'mapped',
    fields: {
      id: { column: 'id', type: 'Int', kind: 'scalar', isList: false },
      seenAt: { column: 'seen_at', type: 'DateTime', kind: 'scalar', isList: false },
    },
  };
  try {
    const json = modelJson('MappedForTest');
    expect(json.sql('x').text ?? String(json.sql('x'))).toContain(
      `'seenAt', (extract(epoch FROM x."seen_at") * 1000)::bigint`,
    );
    expect(json.revive({ id: 1, seenAt: 0 })).toEqual({ id: 1, seenAt: new Date(0) });
  } finally {
    delete readModels.MappedForTest;
  }
});

describe.each(testDatabases())('generated columns on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    // A copy of the run's migrated database (tests/support/snapshots.ts): applyMigrations finds it done.
    testDatabase = await createTestDatabase(kind, 'migrated');
    database = await openDatabase(testDatabase.config);
    await applyMigrations(database);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('name every table and column of the migrated database that src/read reads', async () => {
    const rows = await database.prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const present = new Set(rows.map((row) => `${row.table_name}.${row.column_name}`));
    for (const model of [
      'Actor',
      'Meeting',
      'MeetingParticipant',
      'Proposal',
      'ProposalProposer',
      'Stance',
    ]) {
      const { table, fields } = readModels[model];
      for (const field of Object.values(fields))
        expect(present, `${model}`).toContain(`${table}.${field.column}`);
    }
  });
});
