import { createInMemoryCache, useResponseCache, type Cache } from '@envelop/response-cache';
import type { Plugin } from '@envelop/core';

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

  plugin(ttlMs: number): Plugin {
    return useResponseCache({
      cache: this.cache,
      // Reads are public and identical for every caller, so one shared entry per document and variables.
      session: () => null,
      ttl: ttlMs,
      // Mutations go through the domain, which clears the cache after commit.
      invalidateViaMutation: false,
    }) as Plugin;
  }
}
