import { once } from 'node:events';
import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { analyseRequest, type OperationArgs } from '../operation';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Viewer } from '../schema/scopes';

export interface MutationRateLimiter {
  limiter: RateLimiterAbstract;
  close(): Promise<void>;
}

/**
 * One bucket per API key: `points` mutation fields per `durationSeconds`. With Redis every process
 * shares the bucket; if Redis is unreachable each process falls back to its own memory bucket rather
 * than refusing or allowing every write.
 */
export async function createMutationRateLimiter(options: {
  points: number;
  durationSeconds: number;
  redis: { url: string; keyPrefix: string } | null;
  onError?: (error: unknown) => void;
  /** How long start-up waits for Redis before counting in memory until it connects. */
  connectTimeoutMs?: number;
}): Promise<MutationRateLimiter> {
  const base = { points: options.points, duration: options.durationSeconds };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: 'mutations' });
  if (!options.redis) return { limiter: memory, close: async () => {} };
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
  const limiter = new RateLimiterRedis({
    ...base,
    storeClient: client,
    keyPrefix: `${options.redis.keyPrefix}:mutations`,
    insuranceLimiter: memory,
  });
  return {
    limiter,
    async close() {
      client.disconnect();
    },
  };
}

/** Mutation fields that run: after named and inline fragments and @skip/@include, one per response key. */
function mutationFieldCount(args: OperationArgs): number {
  const { structure, figures } = analyseRequest(args);
  return structure.type === 'mutation' ? figures.rootFields.length : 0;
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
      try {
        await limiter.consume(viewer.prefix, points);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Too many mutations for API key ${viewer.prefix}; retry in ${retryAfter} s`, {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfter,
                http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
              },
            }),
          ],
        });
      }
    },
  };
}
