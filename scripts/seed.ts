// Loads the curated seed articles and facts (seeds/) into the configured database, migrating it first:
// `npm run seed`. Idempotent: what is already there is left alone. The server seeds an empty database on
// its own (SEED_ON_EMPTY); with the embedded database, stop the server first (PGlite allows one process).
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { correctStoredFacts, migrate, seed } from '../src/server/bootstrap';
import { createLogger } from '../src/server/logger';

try {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config.database);
  try {
    await migrate(database, logger);
    await correctStoredFacts(config, database, logger);
    const report = await seed(config, database, logger);
    console.log(
      `Seeded: ${report.articles} articles, ${report.actors} actors, ${report.meetings} meetings, ${report.proposals} proposals, ${report.developments} developments added`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
