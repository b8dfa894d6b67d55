import type { Plugin } from '@envelop/core';
import { createInMemoryCache, useResponseCache, type Cache } from '@envelop/response-cache';
import { print, type DocumentNode, type ExecutionArgs } from 'graphql';
import { operationType } from './auth';

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
    set: (id, data, entities, ttl) => this.entries.set(`${this.generation}:${id}`, data, entities, ttl),
    invalidate: (entities) => this.entries.invalidate(entities),
  };

  /** Queries being executed for the cache right now, by cache key; see `singleFlight`. */
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly printed = new WeakMap<DocumentNode, string>();

  private documentString = (args: ExecutionArgs): string => {
    let text = this.printed.get(args.document);
    if (text === undefined) {
      text = print(args.document);
      this.printed.set(args.document, text);
    }
    return text;
  };

  /**
   * On a miss, the first request executes and the same query arriving meanwhile waits for it, then reads
   * its answer from the cache. Without this, an entry expiring under load sends every waiting connection
   * to the database at once with the same (possibly slow) query.
   */
  private singleFlight(): Plugin {
    return {
      onExecute: async ({ args }) => {
        if (operationType(args.document, args.operationName) !== 'query') return;
        const key = cacheKey(args.operationName, this.documentString(args), args.variableValues);
        const running = this.inflight.get(key);
        if (running) {
          await running;
          return;
        }
        let release!: () => void;
        this.inflight.set(key, new Promise<void>((resolve) => (release = resolve)));
        return {
          onExecuteDone: () => {
            this.inflight.delete(key);
            // After the cache plugin has stored the answer in its own done hook.
            setImmediate(release);
          },
        };
      },
    };
  }

  plugins(ttlMs: number): Plugin[] {
    return [
      this.singleFlight(),
      useResponseCache({
        cache: this.cache,
        // Reads are public and identical for every caller, so one shared entry per document and variables.
        session: () => null,
        ttl: ttlMs,
        getDocumentString: this.documentString,
        buildResponseCacheKey: ({ documentString, operationName, variableValues }) =>
          cacheKey(operationName, documentString, variableValues),
        // Mutations go through the domain, which clears the cache after commit.
        invalidateViaMutation: false,
      }) as Plugin,
    ];
  }
}

function cacheKey(
  operationName: string | null | undefined,
  documentString: string,
  variables: unknown,
): string {
  return `${operationName ?? ''}\u0000${documentString}\u0000${JSON.stringify(variables ?? {})}`;
}
