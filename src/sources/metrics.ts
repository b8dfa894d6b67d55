import { Counter, Histogram, type Registry } from 'prom-client';

export type FetchKind = 'feed' | 'page' | 'robots';
export type ItemOutcome = 'new' | 'duplicate' | 'near_duplicate' | 'version' | 'failed' | 'skipped';

/** What the poller reports; the server registers it on its own registry (GET /metrics). */
export interface SourceMetrics {
  fetched(kind: FetchKind, outcome: string): void;
  item(outcome: ItemOutcome): void;
  /** From the item's publication date to the moment it was stored. */
  lag(seconds: number): void;
}

export const noSourceMetrics: SourceMetrics = { fetched() {}, item() {}, lag() {} };

export function createSourceMetrics(registry: Registry): SourceMetrics {
  const fetches = new Counter({
    name: 'feed_fetches_total',
    help: 'HTTP fetches by the feed poller, by kind (feed, page, robots) and outcome (ok, not_modified, or the failure reason).',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const items = new Counter({
    name: 'feed_items_total',
    help: 'Feed items handled, by outcome: new, duplicate, near_duplicate, version (an edit), failed, skipped (robots).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'feed_item_lag_seconds',
    help: "Seconds from an item's publication date to its storage.",
    buckets: [30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400],
    registers: [registry],
  });
  return {
    fetched: (kind, outcome) => fetches.inc({ kind, outcome }),
    item: (outcome) => items.inc({ outcome }),
    lag: (seconds) => lag.observe(Math.max(0, seconds)),
  };
}
