import pg from 'pg';
import { processCpuMs } from './servers';

/**
 * CPU spent by the PostgreSQL backends serving one database, from /proc (the bench runs on the database's
 * machine). The servers keep their pools open, so the backends alive before a timed run are the ones doing
 * its work; a backend started during the run is counted from the next reading. Null where /proc cannot be
 * read (another user's processes, another machine).
 */
export function postgresCpuProbe(url: string): () => Promise<number | null> {
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      let total = 0;
      for (const { pid } of rows) {
        try {
          total += processCpuMs(pid);
        } catch {
          // Ended since the listing: its time is lost to this reading (a pooled backend rarely ends).
        }
      }
      return total;
    } catch {
      return null;
    } finally {
      await client.end();
    }
  };
}

/** This process's CPU so far, in ms: the load generator (autocannon runs here). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
