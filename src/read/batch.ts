/**
 * Batches the keys that resolvers of one request ask for in the same turn into one `loadMany` call.
 * Nothing is kept after a batch completes: a live cohort reuses one context across events, and a count
 * cached there would go stale.
 */
export function batchedByContext<C extends object, K, V>(
  loadMany: (ctx: C, keys: readonly K[]) => Promise<Map<K, V>>,
) {
  const open = new WeakMap<C, { keys: Set<K>; run: Promise<Map<K, V>> }>();
  return (ctx: C, key: K): Promise<V | undefined> => {
    let batch = open.get(ctx);
    if (!batch) {
      const keys = new Set<K>();
      // setImmediate lets every sibling resolver of this level add its key before the query runs.
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        open.delete(ctx);
        return loadMany(ctx, [...keys]);
      });
      batch = { keys, run };
      open.set(ctx, batch);
    }
    batch.keys.add(key);
    return batch.run.then((values) => values.get(key));
  };
}
