import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { analyseRequest, type OperationArgs } from '../operation';
import type { Viewer } from '../schema/scopes';
import type { ClientAddressResolver } from './client-address';

export interface RateLimiters {
  /** Mutation fields, per API key. */
  mutations: RateLimiterAbstract;
  /** Read cost (the operation analysis' node count), per API key, or per client address without one. */
  reads: RateLimiterAbstract;
  close(): Promise<void>;
}

export interface Budget {
  points: number;
  durationSeconds: number;
}

/**
 * The buckets of both limits. With Redis every process shares them; if Redis is unreachable each process
 * falls back to its own memory bucket rather than refusing or allowing everything.
 */
export async function createRateLimiters(options: {
  mutations: Budget;
  reads: Budget;
  redis: { url: string; keyPrefix: string } | null;
  onError?: (error: unknown) => void;
  /** How long start-up waits for Redis before counting in memory until it connects. */
  connectTimeoutMs?: number;
}): Promise<RateLimiters> {
  const memory = (name: string, budget: Budget) =>
    new RateLimiterMemory({ points: budget.points, duration: budget.durationSeconds, keyPrefix: name });
  if (!options.redis)
    return {
      mutations: memory('mutations', options.mutations),
      reads: memory('reads', options.reads),
      close: async () => {},
    };
  // No offline queue: while Redis is down a command fails at once and the memory limiter takes over.
  const client = new Redis(options.redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  client.on('error', (error) => options.onError?.(error));
  // Without the offline queue, commands sent before the connection is ready would all fall back to memory.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    once(client, 'ready').catch(() => {}), // Redis down at start: count in memory meanwhile
    new Promise((resolve) => {
      timer = setTimeout(resolve, options.connectTimeoutMs ?? 3000);
    }),
  ]).finally(() => clearTimeout(timer));
  const shared = (name: string, budget: Budget) =>
    new RateLimiterRedis({
      points: budget.points,
      duration: budget.durationSeconds,
      storeClient: client,
      keyPrefix: `${options.redis!.keyPrefix}:${name}`,
      insuranceLimiter: memory(name, budget),
    });
  return {
    mutations: shared('mutations', options.mutations),
    reads: shared('reads', options.reads),
    async close() {
      client.disconnect();
    },
  };
}

/** Mutation fields that run: after named and inline fragments and @skip/@include, one per response key. */
function mutationFieldCount(args: OperationArgs): number {
  const { structure, figures } = analyseRequest(args);
  return structure.type === 'mutation' ? figures.rootFields.size : 0;
}

/** Takes `points` from `bucket`, or says how the operation is refused. */
async function charge(
  limiter: RateLimiterAbstract,
  bucket: string,
  points: number,
  what: string,
): Promise<GraphQLError | null> {
  try {
    await limiter.consume(bucket, points);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    return new GraphQLError(`Too many ${what}; retry in ${retryAfter} s`, {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfter,
        http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
      },
    });
  }
}

/**
 * Charges each mutation field to the caller's key before anything runs. Anonymous mutations are not
 * charged: scope auth refuses them without touching the database.
 */
export function useMutationRateLimit(limiter: RateLimiterAbstract): Plugin<{ viewer?: Viewer | null }> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const viewer = args.contextValue.viewer;
      const points = mutationFieldCount(args);
      if (!viewer || points === 0) return;
      const refused = await charge(limiter, viewer.prefix, points, `mutations for API key ${viewer.prefix}`);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}

/**
 * Charges each query and subscription its cost (at least one point) before it runs: to the caller's API
 * key, or to the client's address (TRUSTED_PROXIES decides which) for anonymous callers. Placed after the
 * page limits: an operation they refuse ends there and costs nothing.
 */
export function useReadRateLimit(
  limiter: RateLimiterAbstract,
  addressOf: ClientAddressResolver,
): Plugin<{ viewer?: Viewer | null; req?: IncomingMessage }> {
  const guard = async (
    args: OperationArgs & { contextValue: { viewer?: Viewer | null; req?: IncomingMessage } },
  ): Promise<GraphQLError | null> => {
    const { structure, figures } = analyseRequest(args);
    if (structure.type !== 'query' && structure.type !== 'subscription') return null;
    const { viewer, req } = args.contextValue;
    const bucket = viewer ? `key:${viewer.prefix}` : `address:${req ? addressOf(req) : 'unknown'}`;
    return charge(
      limiter,
      bucket,
      Math.max(1, figures.cost),
      viewer ? `reads for API key ${viewer.prefix}` : 'reads from this address',
    );
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await guard(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await guard(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
