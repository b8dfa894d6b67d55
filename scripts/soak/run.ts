/**
 * `npm run soak -- --seconds 600 [--seed N] [--subscribers 200] [--out bench/soak]`: two server processes
 * (dist/main.mjs) started at the same moment on a fresh PostgreSQL database, a private Redis, a cuttable
 * proxy in front of PostgreSQL, subscribers and writers on both, and a seeded schedule of faults; then the
 * whole history is checked (./checker.ts). Exits 1 on any lost, duplicated or reordered event, any failed
 * fault assertion, or a fault that struck with no write in flight. Loopback only; every process group it
 * started is killed and its database dropped, also on timeout and SIGINT.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../src/db/client';
import { createApiKey } from '../../src/server/api-keys';
import { checkHistory, faultRecoveries, type LogEntry } from './checker';
import { planFaults, runFault, seededRandom, type FaultRun } from './faults';
import { writeReport } from './report';
import { CuttableProxy, freePort, killAll, PrivateRedis, ServerProcess } from './services';
import { maxReconnectBackoffMs, Recorder, SlowSocket, SseSubscriber, WsSubscriber } from './subscribers';
import { Writers } from './writers';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    subscribers: { type: 'string', default: '200' },
    rate: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench/soak' },
    // Every process fault on this one process (a or b), to reproduce what repeated restarts of it do.
    target: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
const subscriberCount = Number(args.subscribers);
const writesPerSecond = Number(args.rate);
const pollMs = 1000;
// The soak's own switch (where PostgreSQL is), as the tests read it; the servers get theirs through src/config.ts.

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const startedAt = Date.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) =>
  console.log(`[soak ${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${message}`);

const databaseName = `negotiations_soak_${process.pid}_${Date.now().toString(36)}`;
let databaseCreated = false;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    killAll();
    if (databaseCreated)
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)).catch(
        (error: unknown) => console.error('could not drop the soak database', error),
      );
  })();
  return cleaning;
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
// A watchdog past the longest the run can take (load, drain, catch-up, checks).
setTimeout(
  () => {
    console.error('soak: watchdog timeout; cleaning up');
    void cleanUp().finally(() => process.exit(1));
  },
  (seconds + 240) * 1000,
).unref();

async function main(): Promise<number> {
  const random = seededRandom(seed);
  const admin0 = new URL(adminUrl);
  const names = ['a', 'b'];
  const plan = planFaults(seed, seconds * 1000, args.target ? [args.target] : names);
  log(`seed ${seed}, ${seconds} s, ${subscriberCount} subscribers, ${writesPerSecond} writes/s per process`);
  log('fault schedule:');
  for (const fault of plan) log(`  +${(fault.at / 1000).toFixed(1)}s ${fault.kind} (${fault.target})`);

  log('building dist/main.mjs');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

  await admin((client) => client.query(`CREATE DATABASE "${databaseName}"`));
  databaseCreated = true;
  const direct = new URL(adminUrl);
  direct.pathname = `/${databaseName}`;
  const proxy = new CuttableProxy(await freePort(), {
    host: admin0.hostname,
    port: Number(admin0.port || 5432),
  });
  await proxy.restore();
  const viaProxy = new URL(direct);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const redis = new PrivateRedis(await freePort());
  await redis.start();

  const env = {
    DATABASE_URL: viaProxy.toString(),
    REDIS_URL: redis.url,
    REDIS_CHANNEL_PREFIX: `soak-${seed}-${process.pid}`,
    SEED_ON_EMPTY: 'true',
    LIVE_POLL_MS: String(pollMs),
    LOG_LEVEL: 'warn',
    MUTATION_RATE_POINTS: '1000000',
    WS_MAX_SOCKETS_PER_IP: '5000',
    WS_MAX_BUFFERED_BYTES: '32768',
    IDEMPOTENCY_WAIT_MS: '3000',
    SHUTDOWN_GRACE_MS: '5000',
  };
  const servers = new Map<string, ServerProcess>();
  for (const name of names) servers.set(name, new ServerProcess(name, await freePort(), env));
  // Both at the same moment, on the empty database: concurrent migration and seeding are part of the test.
  log('starting both servers at once on a fresh database');
  await Promise.all([...servers.values()].map((server) => server.start()));
  log('both servers listening');
  const slowCutOffs = () =>
    [...servers.values()].reduce((total, server) => total + server.slowSubscriberCutOffs, 0);

  const database = await openDatabase({ kind: 'postgres', url: direct.toString(), poolSize: 2 });
  const token = (
    await createApiKey(database.prisma, {
      name: 'soak',
      scopes: ['data:write', 'review:write', 'articles:write'],
    })
  ).token;
  const [{ max }] = await database.prisma.$queryRawUnsafe<{ max: number | null }[]>(
    'SELECT max(sequence) AS max FROM "Development"',
  );
  const firstCursor = Number(max ?? 0);
  log(`log head after seeding: ${firstCursor}`);

  const endpoints = names.map((name) => ({ name, url: servers.get(name)!.url }));
  const recorder = new Recorder();
  const subscribers: (WsSubscriber | SseSubscriber)[] = [];
  for (let index = 0; index < subscriberCount; index += 1) {
    const home = index % 2;
    const pair: [(typeof endpoints)[0], (typeof endpoints)[0]] = [endpoints[home], endpoints[1 - home]];
    // One in five is an SSE client.
    const subscriber =
      index % 5 === 4
        ? new SseSubscriber(`sse-${index}`, pair, firstCursor, recorder)
        : new WsSubscriber(`ws-${index}`, pair, firstCursor, recorder);
    subscribers.push(subscriber);
    subscriber.connect();
  }
  const slow = new SlowSocket('slow', endpoints[0], firstCursor, 50, recorder);
  slow.connect();
  await sleep(1500);

  const writers = new Writers(endpoints, token, seed, random);
  writers.start(writesPerSecond);
  const origin = Date.now();
  log('load started');

  const faultEnv = {
    servers,
    redis,
    proxy,
    writers,
    recorder,
    slow,
    slowCutOffs,
    log,
  };
  // Each process's feed head and subscriptions (its /metrics) every 2 s: a stuck feed shows as a head that stops.
  const samples: {
    at: number;
    process: string;
    head: number;
    subscriptions: number;
    cohorts: number;
    delivered: number;
    poolWaiting: number;
  }[] = [];
  const sampler = setInterval(() => {
    for (const server of servers.values()) {
      if (!server.running) continue;
      void fetch(server.url.replace(/\/graphql$/, '/metrics'), { signal: AbortSignal.timeout(1500) })
        .then((response) => response.text())
        .then((text) => {
          const read = (name: string) =>
            Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
          samples.push({
            at: Date.now(),
            process: server.name,
            head: read('live_feed_head_sequence'),
            subscriptions: read('graphql_active_subscriptions'),
            // Many cohorts for one document means subscribers that never merged (distinct cursors).
            cohorts: read('live_cohorts'),
            delivered: read('live_results_delivered_total'),
            // Requests waiting for a pool connection: a leak shows as a queue that never drains.
            poolWaiting: Number(
              /^database_pool_connections\{[^}]*state="waiting"[^}]*\} (\S+)$/m.exec(text)?.[1] ?? NaN,
            ),
          });
        })
        .catch(() => {});
    }
  }, 2000);
  const runs: FaultRun[] = [];
  const faultTasks = plan.map(async (fault) => {
    await sleep(Math.max(0, origin + fault.at - Date.now()));
    try {
      runs.push(...(await runFault(faultEnv, fault, origin)));
    } catch (error) {
      log(`fault ${fault.kind} failed to run: ${String(error)}`);
      runs.push({
        kind: fault.kind,
        target: fault.target,
        plannedAt: origin + fault.at,
        startedAt: Date.now(),
        restoredAt: Date.now(),
        inFlight: 0,
        checks: [{ name: 'ran', ok: false, detail: String(error) }],
      });
    }
  });
  await sleep(Math.max(0, origin + seconds * 1000 - Date.now()));
  log('load time over: waiting for faults under way');
  await Promise.all(faultTasks);
  log('draining writes');
  await writers.drain(30_000);

  const [{ head }] = await database.prisma.$queryRawUnsafe<{ head: number | null }[]>(
    'SELECT max(sequence) AS head FROM "Development"',
  );
  const finalHead = Number(head ?? 0);
  log(`waiting for every subscriber to reach ${finalHead}`);
  const caughtUp = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (subscribers.every((s) => s.lastSequence >= finalHead) && slow.lastSequence >= finalHead)
        return true;
      await sleep(100);
    }
    return false;
  };
  const allCaughtUp = await caughtUp();
  // A little longer, so that a late duplicate would still be seen.
  await sleep(1500);
  clearInterval(sampler);
  for (const subscriber of subscribers) subscriber.stop();
  slow.stop();
  writers.drain(0).catch(() => {});

  const rows = await database.prisma.$queryRawUnsafe<
    { sequence: number; summary: string; createdAt: Date }[]
  >('SELECT sequence, summary, "createdAt" FROM "Development" ORDER BY sequence');
  const logEntries: LogEntry[] = rows.map((row) => ({
    sequence: row.sequence,
    key: /^soak (soak-\S+)/.exec(row.summary)?.[1] ?? null,
    recordedAt: row.createdAt.getTime(),
  }));
  const articles = await database.prisma.$queryRawUnsafe<{ url: string }[]>(
    `SELECT url FROM "Article" WHERE url LIKE 'https://soak.example/%'`,
  );
  await database.close();

  const writeStates = [...writers.writes.values()];
  const histories = [...subscribers.map((s) => s.history), ...slow.histories];
  const verdict = checkHistory({
    log: logEntries,
    writes: writeStates,
    subscribers: histories,
    storedArticleKeys: articles.map((row) => row.url.slice('https://soak.example/'.length)),
  });
  // A SIGTERM's in-flight write either commits and is answered, or never commits: an unanswered attempt
  // that committed would show as the entry recorded before the next attempt was sent.
  for (const run of runs.filter((r) => r.sigtermAttempts)) {
    const bad: string[] = [];
    for (const attempt of run.sigtermAttempts!) {
      if (attempt.outcome !== 'network') continue;
      const state = writeStates.find((w) => w.tries.includes(attempt));
      const next = state?.tries[state.tries.indexOf(attempt) + 1];
      if (state?.recordedAt && next && state.recordedAt < next.sentAt) bad.push(state.key);
    }
    const answered = run.sigtermAttempts!.filter((a) => a.outcome !== 'network').length;
    run.checks.push({
      name: 'in-flight writes answered, or never committed',
      ok: bad.length === 0,
      detail: `${answered} of ${run.sigtermAttempts!.length} answered${bad.length ? `; committed unanswered: ${bad.join(', ')}` : ''}`,
    });
    delete run.sigtermAttempts;
  }
  runs.sort((x, y) => x.startedAt - y.startedAt);
  const flagAboveMs = pollMs + maxReconnectBackoffMs + 2000;
  const recoveries = faultRecoveries(
    runs.map((r) => ({ name: r.kind, startedAt: r.startedAt, restoredAt: r.restoredAt })),
    logEntries,
    recorder.deliveries,
    histories,
    flagAboveMs,
  );
  const kindsSeen = new Set(runs.map((r) => r.kind));
  const faultFailures = [
    ...runs
      .filter((r) => r.inFlight < 1)
      .map((r) => `${r.kind} (${r.target}) struck with no write in flight`),
    ...runs.flatMap((r) =>
      r.checks.filter((c) => !c.ok).map((c) => `${r.kind} (${r.target}): ${c.name}: ${c.detail}`),
    ),
    ...['kill9-mid-write', 'after-commit', 'redis-restart', 'pg-cut', 'sigterm', 'slow-subscriber']
      .filter((kind) => !kindsSeen.has(kind as FaultRun['kind']))
      .map((kind) => `${kind} never happened`),
    ...(allCaughtUp ? [] : ['not every subscriber caught up with the log within 30 s of the drain']),
  ];
  const rejected = writeStates.filter((w) => w.rejected);
  const unanswered = writeStates.filter((w) => !w.acknowledged && !w.rejected);
  const ok = verdict.ok && faultFailures.length === 0 && rejected.length === 0;
  const report = {
    ok,
    seed,
    seconds,
    subscribers: subscriberCount + slow.streams.length,
    writesPerSecondPerProcess: writesPerSecond,
    loadAverage: (await import('node:os')).loadavg().map((value) => Number(value.toFixed(2))),
    startedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    schedule: plan,
    faults: runs,
    recoveries,
    flagAboveMs,
    verdict: { ok: verdict.ok, counts: verdict.counts, failures: verdict.failures },
    faultFailures,
    writes: {
      total: writeStates.length,
      acknowledged: writeStates.filter((w) => w.acknowledged).length,
      retried: writeStates.filter((w) => w.attempts > 1).length,
      attempts: writeStates.reduce((n, w) => n + w.attempts, 0),
      unanswered: unanswered.length,
      rejected: rejected.map((w) => `${w.operation} ${w.key}: ${w.rejected}`).slice(0, 20),
      byOperation: Object.fromEntries(
        ['recordDevelopment', 'reviseDevelopment', 'addArticle', 'acceptCandidate'].map((op) => [
          op,
          writeStates.filter((w) => w.operation === op && w.acknowledged).length,
        ]),
      ),
    },
    feedSamples: samples.map((sample) => ({ ...sample, at: sample.at - origin })),
    deliveries: recorder.deliveries.length,
    errorResults: recorder.errorResults,
    reconnects: subscribers.reduce((n, s) => n + s.reconnects, 0),
    closeCodes: Object.fromEntries(
      [...new Set(recorder.closes.map((c) => c.code))].map((code) => [
        code,
        recorder.closes.filter((c) => c.code === code).length,
      ]),
    ),
  };
  writeReport(args.out!, report);
  log(`verdict: ${ok ? 'PASS' : 'FAIL'} — ${JSON.stringify(verdict.counts)}`);
  for (const failure of [...verdict.failures, ...faultFailures, ...report.writes.rejected])
    log(`  ${failure}`);
  if (!ok)
    for (const server of servers.values())
      console.error(
        `--- ${server.name} (last output)\n${server.output
          .slice(-8)
          .map((chunk) => chunk.slice(0, 400))
          .join('\n')}`,
      );
  return ok ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exit(1);
  });
