import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { ownCpuMs, postgresCpuSince } from './cpu';
import { processCpuMs, processMemory, type ServerProcess } from './servers';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  durationS: number;
  connections: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  /** 1-minute load average of the machine at the end (other work on the box shows here). */
  loadAverage: number;
  /**
   * CPU spent during the timed run, in ms: the server process, PostgreSQL's backends for the database
   * (null on PGlite, which runs inside the server, or when not measured) and this process (the load
   * generator). Divided by `requests` in the report: where each request's cost goes on the shared cores.
   */
  cpuMs?: { server: number; postgres: number | null; loadGenerator: number };
  rounds?: { requestsPerSecond: number; p50Ms: number; p99Ms: number }[];
}

export interface LoadOptions {
  url: string;
  body?: string;
  headers?: Record<string, string>;
  duration: number;
  connections: number;
  /** Builds each request's body (for writes that must differ per request). */
  bodyFor?: () => string;
  /** Reads PostgreSQL's CPU for the database (./cpu.ts), around the timed run. */
  postgresCpu?: () => Promise<Map<number, number> | null>;
}

function cannon(options: LoadOptions, duration: number): Promise<autocannon.Result> {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers,
        connections: options.connections,
        duration,
        timeout: 30,
        ...(options.bodyFor
          ? {
              requests: [
                {
                  method: 'POST',
                  setupRequest: (request: Record<string, unknown>) => ({
                    ...request,
                    body: options.bodyFor!(),
                  }),
                },
              ],
            }
          : { body: options.body }),
      } as autocannon.Options,
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', () => {});
  });
}

/** Warm-up, then a bounded run with a fixed number of connections from this (separate) process. */
export async function runLoad(
  server: ServerProcess,
  options: LoadOptions,
  warmup: number,
): Promise<LoadResult> {
  if (warmup > 0) await cannon(options, warmup);
  const postgresBefore = (await options.postgresCpu?.()) ?? null;
  const serverBefore = processCpuMs(server.child.pid!);
  const ownBefore = ownCpuMs();
  const result = await cannon(options, options.duration);
  const cpuMs = {
    server: processCpuMs(server.child.pid!) - serverBefore,
    loadGenerator: Math.round(ownCpuMs() - ownBefore),
    postgres: null as number | null,
  };
  const postgresAfter = postgresBefore === null ? null : ((await options.postgresCpu?.()) ?? null);
  if (postgresBefore !== null && postgresAfter !== null)
    cpuMs.postgres = postgresCpuSince(postgresBefore, postgresAfter);
  const memory = processMemory(server.child.pid!);
  return {
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    durationS: options.duration,
    connections: options.connections,
    serverRssMb: Math.round(memory.rssMb),
    serverPeakRssMb: Math.round(memory.hwmMb),
    loadAverage: Math.round(loadavg()[0] * 10) / 10,
    cpuMs,
  };
}

/** Rounds of the same scenario: throughput over the total time, latencies averaged over rounds (max for max). */
export function combineRounds(rounds: LoadResult[]): LoadResult {
  if (rounds.length === 1) return rounds[0];
  const mean = (pick: (round: LoadResult) => number) =>
    Math.round((rounds.reduce((sum, round) => sum + pick(round), 0) / rounds.length) * 10) / 10;
  const last = rounds[rounds.length - 1];
  return {
    ...last,
    requestsPerSecond:
      Math.round(
        (rounds.reduce((sum, round) => sum + round.requests, 0) /
          rounds.reduce((sum, round) => sum + round.durationS, 0)) *
          10,
      ) / 10,
    p50Ms: mean((round) => round.p50Ms),
    p90Ms: mean((round) => round.p90Ms),
    p99Ms: mean((round) => round.p99Ms),
    maxMs: Math.max(...rounds.map((round) => round.maxMs)),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    timeouts: rounds.reduce((sum, round) => sum + round.timeouts, 0),
    durationS: rounds.reduce((sum, round) => sum + round.durationS, 0),
    serverPeakRssMb: Math.max(...rounds.map((round) => round.serverPeakRssMb)),
    loadAverage: mean((round) => round.loadAverage),
    cpuMs: rounds.every((round) => round.cpuMs)
      ? {
          server: rounds.reduce((sum, round) => sum + round.cpuMs!.server, 0),
          loadGenerator: rounds.reduce((sum, round) => sum + round.cpuMs!.loadGenerator, 0),
          postgres: rounds.every((round) => round.cpuMs!.postgres !== null)
            ? rounds.reduce((sum, round) => sum + round.cpuMs!.postgres!, 0)
            : null,
        }
      : undefined,
    rounds: rounds.map((round) => ({
      requestsPerSecond: round.requestsPerSecond,
      p50Ms: round.p50Ms,
      p99Ms: round.p99Ms,
    })),
  };
}
