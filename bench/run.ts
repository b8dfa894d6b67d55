// npm run bench [-- --quick]   (BENCH_SCALE=0.1, DATABASE_URL=postgres://… to run on a PostgreSQL server)
// See bench/README section in report.md for what each scenario measures.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { runCeiling } from './lib/ceiling';
import { prepareTarget, reachable, type Target } from './lib/databases';
import { runLive, type LiveResult } from './lib/live';
import { machineInfo } from './lib/machine';
import { benchDir, datasetSize, log, parseOptions } from './lib/options';
import { rerender, writeReport, type BenchReport } from './lib/report';
import { benchServerEnv, runScenarios, scenarioSelected, type ScenarioResult } from './lib/scenarios';
import { ensurePostGraphile } from './lib/servers';
import { fairness } from './lib/fairness';

if (process.argv.includes('--render')) {
  await rerender(benchDir, path.join(benchDir, 'speed-work.md'));
  log('re-rendered bench/report.md from bench/report.json');
  process.exit(0);
}
const started = performance.now();
const parsed = parseOptions(process.argv.slice(2), process.env);
const size = datasetSize(parsed.scale);
const options = { ...parsed };

let postgresUrl: string | null = null;
let postgresSource: BenchReport['postgres']['source'] = 'none';
let postgresNote: string;
if (parsed.databaseUrl) {
  postgresUrl = parsed.databaseUrl;
  postgresSource = 'DATABASE_URL';
  postgresNote =
    'DATABASE_URL was set: ours and PostGraphile ran on a fresh database created on that server.';
} else if (await reachable(parsed.localPostgresUrl)) {
  postgresUrl = parsed.localPostgresUrl;
  postgresSource = 'local';
  postgresNote = `DATABASE_URL was not set; the local server at ${parsed.localPostgresUrl} was reachable and used (fresh database, dropped after) for the PostgreSQL and PostGraphile sections.`;
} else {
  postgresNote = `DATABASE_URL not set and ${parsed.localPostgresUrl} not reachable: PostgreSQL and PostGraphile skipped.`;
}
let postgresVersion = 'n/a';
if (postgresUrl) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  postgresVersion = (await client.query('SHOW server_version')).rows[0].server_version;
  await client.end();
}
log(`scale ${parsed.scale}`, size, postgresNote);

const postgraphile = postgresUrl
  ? ensurePostGraphile()
  : { ok: false, note: 'no PostgreSQL server', versions: {} };
const results: ScenarioResult[] = [];
const datasets: BenchReport['datasets'] = [];
let live: LiveResult | null = null;
let liveSkipped: string | null = null;
const errors: string[] = [];

log('ceiling: graphql-js over in-memory objects');
const ceiling = runCeiling(parsed.quick ? 2 : 5);
log('ceiling:', ceiling);

async function onTarget(kind: Target['kind'], body: (target: Target) => Promise<void>) {
  let target: Target | null = null;
  try {
    target = await prepareTarget(kind, size, postgresUrl);
    datasets.push({
      database: kind,
      counts: target.counts,
      loadSeconds: Math.round(target.loadSeconds * 10) / 10,
      apiKey: target.apiKeyNote,
    });
    await body(target);
  } catch (error) {
    errors.push(`${kind}: ${(error as Error).stack ?? error}`);
    log(`${kind} failed:`, error);
  } finally {
    await target?.drop().catch(() => {});
  }
}

const liveOn: Target['kind'] | null = !scenarioSelected('live')
  ? null
  : parsed.databaseUrl
    ? 'postgres'
    : 'pglite';
await onTarget('pglite', async (target) => {
  results.push(...(await runScenarios(target, options, null)));
  if (liveOn === 'pglite')
    live = await runLive(
      { ...target.serverEnv, ...benchServerEnv },
      'pglite',
      parsed.subscribers,
      parsed.eventRate,
      parsed.liveSeconds,
    );
});
if (postgresUrl) {
  await onTarget('postgres', async (target) => {
    results.push(...(await runScenarios(target, options, postgraphile)));
    if (liveOn === 'postgres')
      live = await runLive(
        { ...target.serverEnv, ...benchServerEnv },
        'postgres',
        parsed.subscribers,
        parsed.eventRate,
        parsed.liveSeconds,
      );
  });
}
if (!live)
  liveSkipped = errors.length
    ? 'failed, see errors'
    : liveOn
      ? 'not run'
      : `not selected (BENCH_ONLY=${process.env.BENCH_ONLY})`;

const report: BenchReport = {
  generatedAt: new Date().toISOString(),
  command: `${process.env.BENCH_ONLY ? `BENCH_ONLY=${process.env.BENCH_ONLY} ` : ''}npm run bench${parsed.quick ? ' -- --quick' : ''}`,
  scale: parsed.scale,
  quick: parsed.quick,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  machine: machineInfo(),
  postgres: { source: postgresSource, version: postgresVersion, note: postgresNote },
  postgraphile: {
    ...postgraphile,
    preset: 'postgraphile/presets/amber',
    adaptor: 'postgraphile/adaptors/pg makePgService({ pool })',
  },
  load: {
    durationS: parsed.duration,
    warmupS: parsed.warmup,
    connections: parsed.connections,
    tool: 'autocannon (in the bench process; servers are separate processes on loopback)',
  },
  datasetSize: size,
  datasets,
  results,
  ceiling,
  live,
  liveSkipped,
  errors,
  fairness: fairness(),
};
// BENCH_REPORT_DIR writes elsewhere (a trial run that must not replace the committed report).
const reportDir = process.env.BENCH_REPORT_DIR ? path.resolve(process.env.BENCH_REPORT_DIR) : benchDir;
await mkdir(reportDir, { recursive: true });
await writeReport(report, reportDir, path.join(benchDir, 'speed-work.md'));
log(
  `done in ${report.durationSeconds} s: ${path.relative(process.cwd(), reportDir) || '.'}/report.md and report.json`,
);
process.exit(errors.length ? 1 : 0);
