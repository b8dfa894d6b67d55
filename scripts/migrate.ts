// Applies pending migrations, then the one-time corrections of stored facts, to the configured database
// (DATABASE_URL or PGLITE_DIR) and exits:
// `npm run migrate`. The server does the same at start (src/server/bootstrap.ts); this runs it alone,
// for example before rolling out several processes.
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { correctStoredFacts, migrate } from '../src/server/bootstrap';
import { createLogger } from '../src/server/logger';

try {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config.database);
  try {
    const applied = await migrate(database, logger);
    await correctStoredFacts(config, database, logger);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'No migration pending');
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
