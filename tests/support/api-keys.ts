import { openDatabase } from '../../src/db/client';
import { createApiKey } from '../../src/server/api-keys';

/** Creates an API key straight in a PostgreSQL database (for child-process servers); returns the token. */
export async function createKeyIn(
  databaseUrl: string,
  scopes: string[] = ['admin'],
  name = 'test key',
): Promise<string> {
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  try {
    return (await createApiKey(database.prisma, { name, scopes })).token;
  } finally {
    await database.close();
  }
}
