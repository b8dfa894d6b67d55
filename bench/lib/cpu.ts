import pg from 'pg';
import { processCpuMs } from './servers';

/**
 * CPU spent by the PostgreSQL backends serving one database, from /proc (the bench runs on the database's
 * machine), as CPU so far per backend pid. `postgresCpuSince` takes the difference per backend, so a
 * backend that a pool opens during a timed run counts from zero (PostGraphile's pool closes idle
 * connections after 10 s and reopens them under load: a sum over all backends went negative). A backend
 * that ends during the run loses its time; a pool under load keeps its connections. Null where /proc
 * cannot be read (another user's processes, another machine).
 */
export function postgresCpuProbe(url: string): () => Promise<Map<number, number> | null> {
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        try {
          cpu.set(pid, processCpuMs(pid));
        } catch {
          // Ended since the listing.
        }
      }
      return cpu;
    } catch {
      return null;
    } finally {
      await client.end();
    }
  };
}

/** The CPU the backends alive at `after` spent since `before` (from zero for those not seen then). */
export function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** This process's CPU so far, in ms: the load generator (autocannon runs here). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
