import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.resolve(benchDir, '..');
export const workDir = path.join(benchDir, '.work');
export const postgraphileDir = path.join(benchDir, 'postgraphile');

export interface BenchOptions {
  scale: number;
  quick: boolean;
  /** Seconds of load per HTTP scenario. */
  duration: number;
  warmup: number;
  connections: number;
  /** Subscriber counts for the live-feed scenario. */
  subscribers: number[];
  /** Developments per second recorded during the live-feed scenario. */
  eventRate: number;
  liveSeconds: number;
  /** Server given by the user (DATABASE_URL), or the local test server found reachable, or none. */
  postgresUrl: string | null;
  postgresSource: 'DATABASE_URL' | 'local' | 'none';
  localPostgresUrl: string;
}

export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Omit<BenchOptions, 'postgresSource' | 'postgresUrl'> & { databaseUrl: string | null } {
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  const scale = Number(env.BENCH_SCALE ?? (quick ? 0.1 : 1));
  if (!(scale > 0 && scale <= 10)) throw new Error(`BENCH_SCALE must be in (0, 10], got ${env.BENCH_SCALE}`);
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  const subscribers = env.BENCH_SUBSCRIBERS
    ? env.BENCH_SUBSCRIBERS.split(',').map(Number)
    : quick
      ? [100, 1000]
      : [100, 1000, 10_000];
  return {
    scale,
    quick,
    duration: number('BENCH_DURATION', quick ? 4 : 10),
    warmup: number('BENCH_WARMUP', quick ? 1 : 2),
    connections: number('BENCH_CONNECTIONS', 20),
    subscribers,
    eventRate: number('BENCH_EVENT_RATE', 5),
    liveSeconds: number('BENCH_LIVE_SECONDS', quick ? 4 : 10),
    databaseUrl: env.DATABASE_URL || null,
    localPostgresUrl: env.BENCH_LOCAL_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

export function datasetSize(scale: number) {
  const at = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    actors: at(2_000, 40),
    meetings: at(20_000, 100),
    proposals: at(5_000, 30),
    developments: at(100_000, 200),
    articles: at(10_000, 20),
  };
}
export type DatasetSize = ReturnType<typeof datasetSize>;

export const log = (...parts: unknown[]) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
