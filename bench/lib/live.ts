import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { benchDir, log, rootDir } from './options';
import { freePort, processCpuMs, processMemory } from './servers';
import { serverV8Args } from '../../scripts/build.mjs';

export const subscriptionQuery =
  'subscription Live { developments { sequence summary kind change recordedAt actors { name } } }';

interface Snapshot {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  statements: number;
  feed: { reads: number; events: number };
  cohorts: { cohorts: number; subscribers: number; executions: number };
  sockets: number;
}

export interface LiveRow {
  subscribers: number;
  connected: number;
  connectSeconds: number;
  events: number;
  deliveries: number;
  expectedDeliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  writeP50Ms: number;
  statementsPerEvent: number;
  idleStatementsPerSecond: number;
  rssPerIdleSubscriberKb: number;
  heapPerIdleSubscriberKb: number;
  serverRssMb: number;
  cohortExecutionsPerEvent: number;
  /** CPU time (user + system, from /proc) used while the events were published and delivered, per event. */
  serverCpuMsPerEvent: number;
  subscriberCpuMsPerEvent: number;
}

export interface LiveResult {
  database: string;
  eventRate: number;
  seconds: number;
  query: string;
  rows: LiveRow[];
  baseline: { statementsPerEvent: number; writeP50Ms: number };
  targets: { p99At1000Ms: number; p99At10000Ms: number };
}

const tsxArgs = ['--import', 'tsx'];

function rpc(child: ChildProcess) {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  return <T>(payload: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, ...payload });
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], q: number) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10
    : NaN;

function startClients(
  url: string,
  count: number,
): Promise<{ child: ChildProcess; subscribed: number; failed: number }> {
  const child = fork(path.join(benchDir, 'lib/live-clients.ts'), [url, String(count), subscriptionQuery], {
    cwd: rootDir,
    execArgv: [...tsxArgs, '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { type?: string; subscribed?: number; failed?: number; log?: string }) => {
      if (message.log) log('subscriber error:', message.log);
      if (message.type === 'connected')
        resolve({ child, subscribed: message.subscribed!, failed: message.failed! });
    });
    child.once('exit', (code) => reject(new Error(`subscriber process exited with ${code}`)));
  });
}

function collect(child: ChildProcess): Promise<{ latencies: number[]; subscribed: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; latencies?: number[]; subscribed?: number }) => {
      if (message.type !== 'report') return;
      child.off('message', onMessage);
      resolve({ latencies: message.latencies!, subscribed: message.subscribed! });
    };
    child.on('message', onMessage);
    child.send({ type: 'report' });
  });
}

/** Publish-to-deliver latency, statements per event and memory per idle subscriber, for each subscriber count. */
export async function runLive(
  databaseEnv: Record<string, string>,
  databaseLabel: string,
  counts: number[],
  eventRate: number,
  seconds: number,
): Promise<LiveResult> {
  const port = await freePort();
  const server = fork(path.join(benchDir, 'lib/live-server.ts'), [], {
    cwd: rootDir,
    execArgv: [
      ...tsxArgs,
      // The server's own V8 settings (scripts/build.mjs), as everywhere it runs.
      ...serverV8Args,
      '--expose-gc',
      ...(process.env.BENCH_LIVE_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_LIVE_PROFILE}`]
        : []),
    ],
    env: { ...process.env, ...databaseEnv, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url: string = await new Promise((resolve, reject) => {
    server.once('message', (message: { url: string }) => resolve(message.url));
    server.once('exit', (code) => reject(new Error(`live server exited with ${code}`)));
  });
  const call = rpc(server);
  const wsUrl = url.replace(/^http/, 'ws');
  const events = Math.max(5, Math.round(eventRate * seconds));
  const publish = (count: number) =>
    call<{ writeMs: number[]; statementsDuringPublish: number }>({
      type: 'publish',
      count,
      rate: eventRate,
      actorIds: [1, 2],
    });
  const rows: LiveRow[] = [];
  try {
    // Baseline: the same events with nobody listening, for the write's own statements.
    await publish(3);
    const idleA = await call<Snapshot>({ type: 'snapshot' });
    await sleep(2000);
    const idleB = await call<Snapshot>({ type: 'snapshot' });
    const idleStatementsPerSecond = (idleB.statements - idleA.statements) / 2;
    const baseStart = await call<Snapshot>({ type: 'snapshot' });
    const base = await publish(events);
    await sleep(500);
    const baseEnd = await call<Snapshot>({ type: 'snapshot' });
    const baseline = {
      statementsPerEvent: round((baseEnd.statements - baseStart.statements) / events),
      writeP50Ms: percentile(
        [...base.writeMs].sort((a, b) => a - b),
        0.5,
      ),
    };
    log(
      `live: baseline ${baseline.statementsPerEvent} statements/event with no subscriber, idle ${idleStatementsPerSecond}/s`,
    );

    for (const count of counts) {
      const before = await call<Snapshot>({ type: 'snapshot' });
      const connectStarted = performance.now();
      const perProcess = 5000;
      const clients = await Promise.all(
        Array.from({ length: Math.ceil(count / perProcess) }, (_, index) =>
          startClients(wsUrl, Math.min(perProcess, count - index * perProcess)),
        ),
      );
      // Wait until the server has every subscriber in its cohort (subscribe is fire-and-forget on the wire).
      const connected = clients.reduce((sum, client) => sum + client.subscribed, 0);
      let idle = await call<Snapshot>({ type: 'snapshot' });
      for (let tries = 0; idle.cohorts.subscribers < connected && tries < 100; tries += 1) {
        await sleep(200);
        idle = await call<Snapshot>({ type: 'snapshot' });
      }
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      await sleep(1000);
      idle = await call<Snapshot>({ type: 'snapshot' });
      log(
        `live: ${idle.cohorts.subscribers}/${count} subscribed in ${connectSeconds.toFixed(1)} s; server RSS ${idle.rssMb.toFixed(0)} MB`,
      );

      const start = await call<Snapshot>({ type: 'snapshot' });
      const cpuBefore = {
        server: processCpuMs(server.pid!),
        clients: clients.reduce((sum, client) => sum + processCpuMs(client.child.pid!), 0),
      };
      const published = await publish(events);
      // Let the last event reach everyone.
      const expected = events * idle.cohorts.subscribers;
      let reports: { latencies: number[]; subscribed: number }[] = [];
      for (let waited = 0; waited < 30_000; waited += 1000) {
        await sleep(waited === 0 ? 1500 : 1000);
        const fresh = await Promise.all(clients.map((client) => collect(client.child)));
        reports = reports.length
          ? reports.map((report, index) => ({
              ...report,
              latencies: report.latencies.concat(fresh[index].latencies),
            }))
          : fresh;
        if (reports.reduce((sum, report) => sum + report.latencies.length, 0) >= expected) break;
      }
      const end = await call<Snapshot>({ type: 'snapshot' });
      const cpuAfter = {
        server: processCpuMs(server.pid!),
        clients: clients.reduce((sum, client) => sum + processCpuMs(client.child.pid!), 0),
      };
      const latencies = reports.flatMap((report) => report.latencies).sort((a, b) => a - b);
      const windowSeconds = events / eventRate + 1.5;
      rows.push({
        subscribers: count,
        connected: idle.cohorts.subscribers,
        connectSeconds: round(connectSeconds),
        events,
        deliveries: latencies.length,
        expectedDeliveries: expected,
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        maxMs: round(latencies[latencies.length - 1] ?? NaN),
        writeP50Ms: percentile(
          [...published.writeMs].sort((a, b) => a - b),
          0.5,
        ),
        statementsPerEvent: round(
          (end.statements - start.statements - idleStatementsPerSecond * windowSeconds) / events,
        ),
        idleStatementsPerSecond,
        rssPerIdleSubscriberKb: round(
          ((idle.rssMb - before.rssMb) * 1024) / Math.max(1, idle.cohorts.subscribers),
        ),
        heapPerIdleSubscriberKb: round(
          ((idle.heapUsedMb - before.heapUsedMb) * 1024) / Math.max(1, idle.cohorts.subscribers),
        ),
        serverRssMb: round(processMemory(server.pid!).rssMb),
        cohortExecutionsPerEvent: round((end.cohorts.executions - start.cohorts.executions) / events),
        serverCpuMsPerEvent: round((cpuAfter.server - cpuBefore.server) / events),
        subscriberCpuMsPerEvent: round((cpuAfter.clients - cpuBefore.clients) / events),
      });
      log('live:', rows[rows.length - 1]);
      for (const client of clients) client.child.send({ type: 'close' });
      await Promise.all(
        clients.map((client) => new Promise((resolve) => client.child.once('exit', resolve))),
      );
      await sleep(1500);
    }
    return {
      database: databaseLabel,
      eventRate,
      seconds,
      query: subscriptionQuery,
      rows,
      baseline,
      targets: { p99At1000Ms: 100, p99At10000Ms: 500 },
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
