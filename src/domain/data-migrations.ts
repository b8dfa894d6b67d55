import type { DomainContext } from './context';
import { readSeedData } from './seed';
import { correctSeededFacts, type StanceRetraction } from './seed-corrections';

/**
 * Data migrations: changes to stored facts that must reach databases already in use, made through the
 * domain's own writes so the live log announces them. They run at start-up after the SQL migrations
 * (src/server/app.ts), each once per database: a row in DataMigration claims it before it runs and is
 * marked finished after. A claim left unfinished by a process that died is taken over after STALE_MS;
 * each migration must therefore be safe to run again (the seed corrections compare before they write).
 */
export interface DataMigration {
  name: string;
  run(ctx: DomainContext): Promise<unknown>;
}

const STALE_MS = 10 * 60 * 1000;

/** Stances of the first curation that no quote supports (seeds/CHANGES.md). */
const issue15Retractions: StanceRetraction[] = [
  {
    proposal: 'paris-framework-resume-talks-2024-05',
    actor: 'qatar',
    reason: "Qatar's support was inferred: the quote says only that Qatari officials were to meet Hamas",
  },
  {
    proposal: 'paris-framework-resume-talks-2024-05',
    actor: 'israel',
    reason: 'its quotes name no Israeli actor, only an unnamed official and the government',
  },
  {
    proposal: 'paris-framework-resume-talks-2024-05',
    actor: 'united-states',
    reason: 'its quotes name no US actor, and reserve is not support',
  },
];

export const dataMigrations: DataMigration[] = [
  {
    name: '20261201_seed_facts_evidence',
    run: async (ctx) => correctSeededFacts(ctx, await readSeedData(), issue15Retractions),
  },
];

/** Runs the migrations this database has not finished; returns the names run, with what each returned. */
export async function runDataMigrations(
  ctx: DomainContext,
  migrations: readonly DataMigration[] = dataMigrations,
): Promise<{ name: string; result: unknown }[]> {
  const ran: { name: string; result: unknown }[] = [];
  for (const migration of migrations) {
    if (!(await claim(ctx, migration.name))) continue;
    const result = await migration.run(ctx);
    await ctx.prisma.dataMigration.update({
      where: { name: migration.name },
      data: { finishedAt: new Date() },
    });
    ran.push({ name: migration.name, result });
  }
  return ran;
}

async function claim(ctx: DomainContext, name: string): Promise<boolean> {
  const { prisma } = ctx;
  const { count } = await prisma.dataMigration.createMany({ data: [{ name }], skipDuplicates: true });
  if (count === 1) return true;
  // Taken over only if still unfinished and stale; the update's condition makes one process win.
  const { count: taken } = await prisma.dataMigration.updateMany({
    where: { name, finishedAt: null, startedAt: { lt: new Date(Date.now() - STALE_MS) } },
    data: { startedAt: new Date() },
  });
  return taken === 1;
}
