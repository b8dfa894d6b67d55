// npm run check-facts: checks every stored fact against its own quotes (src/domain/fact-check.ts) on the
// configured database (DATABASE_URL, or the PGlite directory PGLITE_DIR), prints the counts and every
// failing fact, and exits 1 when any fails. It only reads.
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { checkFacts } from '../src/domain/fact-check';

const config = loadConfig();
const database = await openDatabase(config.database);
let code = 2;
try {
  const { counts, problems } = await checkFacts(database.prisma);
  console.log(
    `checked ${Object.entries(counts)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ')}`,
  );
  for (const { fact, problem } of problems) console.log(`FAIL ${fact}: ${problem}`);
  console.log(problems.length ? `${problems.length} failing` : 'every fact stands on its quotes');
  code = problems.length ? 1 : 0;
} catch (error) {
  console.error('check-facts could not run:', error instanceof Error ? error.message : error);
} finally {
  await database.close();
}
// Set only now: closing the embedded database resets process.exitCode.
process.exit(code);
