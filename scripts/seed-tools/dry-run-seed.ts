// Diagnostic only: loads seeds/ into a fresh in-memory PGlite database through the domain's own
// seedDatabase() (the path main/buildApp use) and prints the report or the first error.
// Run: npx tsx scripts/seed-tools/dry-run-seed.ts [--cap-mentions]
import { openDatabase } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { readSeedData, seedDatabase } from '../../src/domain/seed';

const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' } as never);
try {
  await applyMigrations(database);
  const ctx = { prisma: database.prisma, onDevelopmentsCommitted: () => {} };
  const data = await readSeedData();
  if (process.argv.includes('--cap-mentions')) {
    // createActor accepts at most 20 evidence quotes and seed.ts passes every gold mention; this flag
    // (diagnostics only) keeps the first 20 per actor so the rest of the data can be checked.
    const seen = new Map<string, number>();
    data.mentions = data.mentions.filter(
      (m) => (seen.set(m.actor, (seen.get(m.actor) ?? 0) + 1).get(m.actor) ?? 0) <= 20,
    );
    console.log('capped gold mentions at 20 per actor for this run');
  }
  const first = await seedDatabase(ctx, data);
  console.log('seed report', first);
  const again = await seedDatabase(ctx, data);
  console.log('second run (should be all zero)', again);
  const counts = {
    articles: await database.prisma.article.count(),
    actors: await database.prisma.actor.count(),
    aliases: await database.prisma.actorAlias.count(),
    meetings: await database.prisma.meeting.count(),
    proposals: await database.prisma.proposal.count(),
    stances: await database.prisma.stance.count(),
    developments: await database.prisma.development.count(),
    evidence: await database.prisma.evidence.count(),
  };
  console.log('rows', counts);
} catch (error) {
  console.error('seeding failed:', error instanceof Error ? `${error.name}: ${error.message}` : error);
  const details =
    (error as { issues?: unknown; details?: unknown }).issues ?? (error as { details?: unknown }).details;
  if (details) console.error(JSON.stringify(details, null, 2).slice(0, 2000));
  process.exitCode = 1;
} finally {
  await database.close();
}
