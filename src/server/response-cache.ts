import type { Plugin } from '@envelop/core';
import { createInMemoryCache, useResponseCache, type Cache } from '@envelop/response-cache';
import type { ExecutionArgs } from 'graphql';
import { analyse } from '../operation';
import type { Viewer } from '../schema/scopes';

/**
 * The response cache for public queries. Any committed write, here or (through the live feed) in another
 * process, starts a new generation, so no answer older than the latest known write is served; the TTL
 * bounds what a write in another process that adds no log entry (an actor's new alias, say) can leave stale.
 */
export class ResponseCache {
  private generation = 0;
  private readonly entries: Cache;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 1000) {
    this.entries = createInMemoryCache({ max: maxEntries });
  }

  /** Forgets every cached answer (old generations simply age out of the LRU). */
  clear(): void {
    this.generation += 1;
  }

  private readonly cache: Cache = {
    get: async (id) => {
      const found = await this.entries.get(`${this.generation}:${id}`);
      if (found) this.hits += 1;
      else this.misses += 1;
      return found;
    },
    set: (id, data, entities, ttl) => {
      // An answer whose execution began before the latest clear may lack the write that cleared: not kept.
      if (this.startedIn.get(id) !== this.generation) return;
      return this.entries.set(`${this.generation}:${id}`, data, entities, ttl);
    },
    invalidate: (entities) => this.entries.invalidate(entities),
  };

  /** Queries being executed for the cache right now, by cache key; see `singleFlight`. */
  private readonly inflight = new Map<string, Promise<void>>();
  /** The generation each of those began in: an answer is stored only if no clear came meanwhile. */
  private readonly startedIn = new Map<string, number>();
  private enabled = false;

  /** Whether this query's answer will be kept (the cache is on and the query is one it keeps). */
  storesAnswer(args: ExecutionArgs): boolean {
    return this.enabled && cacheable(args);
  }

  private documentString = (args: ExecutionArgs): string =>
    analyse(args.schema, args.document, args.operationName).printed;

  /**
   * On a miss, the first request executes and the same query arriving meanwhile waits for it, then reads
   * its answer from the cache. Without this, an entry expiring under load sends every waiting connection
   * to the database at once with the same (possibly slow) query.
   */
  private singleFlight(): Plugin {
    return {
      onExecute: async ({ args }) => {
        if (!cacheable(args)) return;
        const key = cacheKey(
          args.contextValue as CacheContext,
          args.operationName,
          this.documentString(args),
          args.variableValues,
        );
        const running = this.inflight.get(key);
        if (running) {
          await running;
          return;
        }
        let release!: () => void;
        this.inflight.set(key, new Promise<void>((resolve) => (release = resolve)));
        this.startedIn.set(key, this.generation);
        return {
          onExecuteDone: () => {
            this.inflight.delete(key);
            // After the cache plugin has stored the answer in its own done hook.
            setImmediate(() => {
              this.startedIn.delete(key);
              release();
            });
          },
        };
      },
    };
  }

  plugins(ttlMs: number): Plugin[] {
    this.enabled = true;
    const cache = useResponseCache({
      cache: this.cache,
      session: () => null,
      ttl: ttlMs,
      getDocumentString: this.documentString,
      buildResponseCacheKey: ({ documentString, operationName, variableValues, context }) =>
        cacheKey(context as CacheContext, operationName, documentString, variableValues),
      // Mutations go through the domain, which clears the cache after commit.
      invalidateViaMutation: false,
    }) as Plugin;
    const lookUp = cache.onExecute!;
    return [
      this.singleFlight(),
      {
        ...cache,
        // Whatever the cache's own options say, only queries reach it: a mutation or subscription always runs.
        onExecute(payload) {
          if (cacheable(payload.args)) return lookUp(payload);
        },
      },
    ];
  }
}

type CacheContext = { viewer?: Viewer | null } | undefined;

/**
 * Only queries that need no scope are answered from memory: a mutation must run every time (it writes,
 * and its caller's scopes are checked as it runs), and a field that needs a scope must be checked per caller.
 */
function cacheable(args: ExecutionArgs): boolean {
  const structure = analyse(args.schema, args.document, args.operationName);
  return structure.type === 'query' && structure.scopedFields.length === 0;
}

/** Document, operation, variables and the caller's scopes: callers with other scopes never share an answer. */
function cacheKey(
  context: CacheContext,
  operationName: string | null | undefined,
  documentString: string,
  variables: unknown,
): string {
  const viewer = context?.viewer;
  const scopes = viewer ? [...viewer.scopes].sort().join(' ') : '(anonymous)';
  return [scopes, operationName ?? '', documentString, JSON.stringify(variables ?? {})].join('\u0000');
}
