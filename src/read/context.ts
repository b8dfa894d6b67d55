import type { SqlReader } from './driver';

/**
 * What the read path needs of a request: the driver reader. Any object will do (the GraphQL context is
 * one); it also keys the per-turn batches, so reads of one request share statements and no other's.
 */
export interface ReadContext {
  reader: SqlReader;
}
