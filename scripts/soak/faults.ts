import type { CuttableProxy, PrivateRedis, ServerProcess } from './services';
import type { Recorder, SlowSocket } from './subscribers';
import type { Attempt, Writers } from './writers';

export type FaultKind = 'kill9-mid-write' | 'redis-restart' | 'pg-cut' | 'sigterm' | 'slow-subscriber';
/** Also reported as faults of their own: the armed restart after a kill -9 dies at its first commit. */
export type ReportedFault = FaultKind | 'after-commit';

export interface PlannedFault {
  kind: FaultKind;
  /** Offset from the start of the load, ms. */
  at: number;
  target: string;
}

export interface FaultRun {
  kind: ReportedFault;
  target: string;
  plannedAt: number;
  startedAt: number;
  restoredAt: number;
  /** Write attempts waiting for an answer when the fault struck (on the target, or anywhere for Redis/PostgreSQL). */
  inFlight: number;
  /** What the run asserts about this fault beyond the history (close codes, exit codes), and whether it held. */
  checks: { name: string; ok: boolean; detail: string }[];
  /** SIGTERM only: the attempts in flight at the signal, judged after the run (answered, or never committed). */
  sigtermAttempts?: Attempt[];
}

/** mulberry32: a small seeded generator, so that a seed names one schedule and one write mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds: FaultKind[] = ['kill9-mid-write', 'redis-restart', 'pg-cut', 'sigterm', 'slow-subscriber'];

/**
 * Every kind at least once, in a seeded order, spread over the run after a warm-up and before a quiet end
 * (so that the last fault's recovery is observed); longer runs repeat the cycle, and faults then overlap.
 */
export function planFaults(seed: number, loadMs: number, targets: string[]): PlannedFault[] {
  const random = seededRandom(seed ^ 0x5eed);
  const warmUp = Math.min(4000, loadMs * 0.08);
  const quietEnd = Math.min(12_000, loadMs * 0.2);
  const span = Math.max(1000, loadMs - warmUp - quietEnd);
  const cycles = Math.max(1, Math.floor(span / 60_000));
  const plan: PlannedFault[] = [];
  for (let cycle = 0; cycle < cycles; cycle += 1) {
    const order = [...kinds];
    for (let index = order.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other], order[index]];
    }
    plan.push(
      ...order.map((kind, index) => ({
        kind,
        at: 0,
        // The slow socket lives on the first process (run.ts); process faults pick one by the seed.
        target: kind === 'slow-subscriber' ? targets[0] : targets[Math.floor(random() * targets.length)],
        slot: cycle * kinds.length + index,
      })),
    );
  }
  const slot = span / plan.length;
  return plan.map((fault, index) => ({
    kind: fault.kind,
    // A seeded jitter within the fault's slot (up to a third of it).
    at: Math.round(warmUp + index * slot + random() * slot * 0.33),
    target: fault.target,
  }));
}

export interface FaultEnvironment {
  servers: Map<string, ServerProcess>;
  redis: PrivateRedis;
  proxy: CuttableProxy;
  writers: Writers;
  recorder: Recorder;
  slow: SlowSocket;
  /** Slow subscribers the servers logged cutting off, since the start. */
  slowCutOffs(): number;
  log(message: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, stepMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(stepMs);
  }
  return check();
}

/** One fault at a time per server; faults on different parts may overlap. */
const locks = new Map<string, Promise<void>>();
async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(name) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => (release = resolve));
  locks.set(
    name,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * Restarts a server as a supervisor would: a process that exits before listening (it could not reach
 * PostgreSQL during a cut, say) is started again, up to 20 times.
 */
async function restart(server: ServerProcess, env: FaultEnvironment, extra: Record<string, string> = {}) {
  for (let tries = 1; ; tries += 1) {
    try {
      return await server.start(extra);
    } catch (error) {
      if (tries >= 20) throw error;
      env.log(`${server.name} did not start (${String(error).split('\n')[0]}); starting it again`);
      await sleep(1000);
    }
  }
}

/** Strikes when a write is in flight (on `target`, or anywhere); the count at that moment is reported. */
async function waitForWrite(env: FaultEnvironment, target?: string): Promise<number> {
  await until(() => env.writers.inFlightOn(target) > 0, 15_000, 1);
  return env.writers.inFlightOn(target);
}

export async function runFault(
  env: FaultEnvironment,
  fault: PlannedFault,
  origin: number,
): Promise<FaultRun[]> {
  const lockName = fault.kind === 'pg-cut' || fault.kind === 'redis-restart' ? fault.kind : fault.target;
  return withLock(lockName, async () => {
    const server = env.servers.get(fault.target)!;
    if (lockName === fault.target) await until(() => server.running, 60_000, 20);
    const base = { kind: fault.kind, target: fault.target, plannedAt: origin + fault.at, checks: [] };
    switch (fault.kind) {
      case 'kill9-mid-write': {
        const inFlight = await waitForWrite(env, fault.target);
        const startedAt = Date.now();
        server.signal('SIGKILL');
        const killed = await server.exited();
        env.log(`kill -9 ${fault.target} with ${inFlight} write(s) in flight`);
        // Restarted armed: it dies (SIGKILL, by itself) right after its first write commits, unannounced.
        await restart(server, env, { FAULT_POINT: 'after-commit' });
        const armedAt = Date.now();
        let inFlightAtCommit = 0;
        const stop = setInterval(
          () => (inFlightAtCommit = Math.max(inFlightAtCommit, env.writers.inFlightOn(fault.target))),
          1,
        );
        const died = await Promise.race([server.exited(), sleep(60_000).then(() => null)]);
        clearInterval(stop);
        const diedAt = Date.now();
        env.log(`${fault.target} armed with FAULT_POINT=after-commit died: ${JSON.stringify(died)}`);
        if (!died) server.signal('SIGKILL');
        await server.exited();
        await restart(server, env);
        const restoredAt = Date.now();
        return [
          {
            ...base,
            startedAt,
            restoredAt,
            inFlight,
            checks: [
              { name: 'killed by SIGKILL', ok: killed.signal === 'SIGKILL', detail: JSON.stringify(killed) },
            ],
          },
          {
            ...base,
            kind: 'after-commit',
            startedAt: diedAt,
            restoredAt,
            inFlight: inFlightAtCommit,
            checks: [
              {
                name: 'died by itself at the fault point (SIGKILL after a commit)',
                ok: died?.signal === 'SIGKILL',
                detail: `${JSON.stringify(died)} ${diedAt - armedAt} ms after the armed start`,
              },
            ],
          },
        ];
      }
      case 'sigterm': {
        // Under load: sockets open on it (its subscribers come home within 5 s of a restart) and a write in flight.
        await until(() => (env.recorder.open.get(fault.target) ?? 0) >= 10, 20_000, 20);
        const openSockets = env.recorder.open.get(fault.target) ?? 0;
        const inFlight = await waitForWrite(env, fault.target);
        const attempts = [...env.writers.inFlight.get(fault.target)!];
        const startedAt = Date.now();
        server.signal('SIGTERM');
        const exit = await server.exited();
        // Sockets that were open when the signal came (not connections refused while it was going down).
        const closes = env.recorder.closes.filter(
          (close) => close.process === fault.target && close.at >= startedAt && close.opened,
        );
        env.log(`SIGTERM ${fault.target} with ${inFlight} write(s) in flight: ${JSON.stringify(exit)}`);
        await restart(server, env);
        const restoredAt = Date.now();
        const codes = [...new Set(closes.map((close) => close.code))];
        return [
          {
            ...base,
            startedAt,
            restoredAt,
            inFlight,
            sigtermAttempts: attempts,
            checks: [
              { name: 'exited with 0', ok: exit.code === 0, detail: JSON.stringify(exit) },
              {
                name: 'open sockets closed with 1001',
                ok: closes.length > 0 && closes.every((close) => close.code === 1001),
                detail: `${openSockets} open at the signal; ${closes.length} closed, codes ${codes.join(', ')}`,
              },
            ],
          },
        ];
      }
      case 'pg-cut': {
        const inFlight = await waitForWrite(env);
        const startedAt = Date.now();
        await env.proxy.cut();
        env.log(`PostgreSQL cut with ${inFlight} write(s) in flight`);
        await sleep(5000);
        await env.proxy.restore();
        return [{ ...base, target: 'postgres', startedAt, restoredAt: Date.now(), inFlight }];
      }
      case 'redis-restart': {
        const inFlight = await waitForWrite(env);
        const startedAt = Date.now();
        await env.redis.kill();
        env.log(`Redis killed with ${inFlight} write(s) in flight`);
        await sleep(1000);
        await env.redis.start();
        return [{ ...base, target: 'redis', startedAt, restoredAt: Date.now(), inFlight }];
      }
      case 'slow-subscriber': {
        await until(() => env.slow.connected, 30_000, 20);
        await env.slow.reconnect();
        // Let it catch up on what it missed while reconnecting, then stop reading with a write under way.
        await sleep(1000);
        const inFlight = await waitForWrite(env, fault.target);
        const before = env.slowCutOffs();
        const startedAt = Date.now();
        env.slow.pause();
        const cut = await until(() => env.slowCutOffs() > before, 45_000, 50);
        env.slow.resume();
        const closed = await until(
          () =>
            env.recorder.closes.some((close) => close.subscriber === env.slow.id && close.at >= startedAt),
          15_000,
          20,
        );
        const code = env.recorder.closes.find(
          (close) => close.subscriber === env.slow.id && close.at >= startedAt,
        );
        await until(() => env.slow.connected, 30_000, 20);
        env.log(`slow subscriber cut off: ${cut}, close code ${code?.code}`);
        return [
          {
            ...base,
            target: env.slow.id,
            startedAt,
            restoredAt: Date.now(),
            inFlight,
            checks: [
              {
                name: 'cut off by the server (WS_MAX_BUFFERED_BYTES)',
                ok: cut,
                detail: `server logged it: ${cut}`,
              },
              { name: 'closed with 1008', ok: closed && code?.code === 1008, detail: `code ${code?.code}` },
            ],
          },
        ];
      }
    }
  });
}
