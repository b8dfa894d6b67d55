import type { Plugin } from '@envelop/core';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import {
  formatWalPosition,
  parseWalPosition,
  type ReplicaRouter,
  type WalPosition,
  type ReadSource,
  type WriteHorizon,
} from '../db/replicas';
import { analyse } from '../operation';

/**
 * Read-your-writes across replicas, as a client sees it. With DATABASE_REPLICA_URLS, a mutation's answer
 * carries `extensions.lsn`, the primary's log position once it had committed; a later query that sends it
 * back as the request's `extensions.readAfterLsn` is served only by a replica that has replayed that far,
 * or by the primary. Over HTTP, SSE and graphql-ws alike (they share the request's `extensions`).
 */
export const readAfterExtension = 'readAfterLsn';
export const writtenAtExtension = 'lsn';

interface RequestContext {
  params?: { extensions?: Record<string, unknown> | null };
}

export interface ReadSourceOptions {
  router: ReplicaRouter;
  horizon: WriteHorizon;
  /** Whether this query's answer would be stored by the response cache (which must not be filled stale). */
  storesAnswer(args: ExecutionArgs): boolean;
}

/**
 * Where an operation reads, placed before the response cache. A request's position newer than any write
 * this process knows of is made known first (which drops cached answers older than it), so a cached answer
 * never hides the write the client waits for. A query then reads on a source that has replayed what it
 * needs: the request's position, and for an answer the cache will keep, the newest write known here.
 * Mutations and the reads inside them stay on the primary, and their answer carries the position they
 * reached. Subscriptions read on the primary (live cohorts pick a source per entry: src/server/app.ts).
 */
export function useReadSources(options: ReadSourceOptions): Plugin {
  const { router, horizon } = options;
  return {
    // A subscription's entries are each read where their own commit is (cohorts), so a position adds
    // nothing there; a malformed one is still refused, as on every other operation.
    onSubscribe({ args, setResultAndStopExecution }) {
      const presented = readAfterOf(args.contextValue as RequestContext);
      if (presented instanceof GraphQLError) setResultAndStopExecution({ errors: [presented] });
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const presented = readAfterOf(args.contextValue as RequestContext);
      if (presented instanceof GraphQLError) return setResultAndStopExecution({ errors: [presented] });
      if (presented !== null && (horizon.position === null || presented > horizon.position)) {
        // Newer than anything known here: a write through another process. A position the primary has
        // not reached did not come from this service (and would send every read to the primary): refused.
        const reached = await horizon.readNow();
        if (presented > reached)
          return setResultAndStopExecution({
            errors: [
              readAfterError(
                `${readAfterExtension} is ahead of the database (at ${formatWalPosition(reached)})`,
              ),
            ],
          });
      }
      const type = analyse(args.schema, args.document, args.operationName).type;
      if (type === 'mutation') return { onExecuteDone: withWrittenPosition(horizon) };
      if (type !== 'query') return;
      // Chosen when a resolver first reads the database, not now: a query the response cache answers reads
      // nothing, so it must not be routed (nor counted, nor start a position check). Both fields are
      // getters on the one context object the execution gets (envelop passes it on as is).
      let source: ReadSource | null = null;
      const chosen = (): ReadSource => {
        if (source) return source;
        // While a commit's position is still being read (`position` null), only the primary is known to
        // have it; an answer the cache keeps must include the newest write known here.
        const known = options.storesAnswer(args) ? horizon.position : 0n;
        source =
          known === null ? router.primarySource() : router.sourceFor(maxPosition(presented, known || null));
        return source;
      };
      Object.defineProperties(args.contextValue, {
        prisma: { get: () => chosen().prisma, configurable: true, enumerable: true },
        reader: { get: () => chosen().reader, configurable: true, enumerable: true },
      });
    },
  };
}

/** Adds the primary's position after the mutation (at or past its commit) to its answer. */
function withWrittenPosition(horizon: WriteHorizon) {
  return async ({ result, setResult }: { result: unknown; setResult: (result: ExecutionResult) => void }) => {
    const answer = result as ExecutionResult;
    if (typeof answer !== 'object' || answer === null || Symbol.asyncIterator in answer) return;
    const position = await horizon.readNow().catch(() => null);
    if (position === null) return;
    setResult({
      ...answer,
      extensions: { ...answer.extensions, [writtenAtExtension]: formatWalPosition(position) },
    });
  };
}

function maxPosition(a: WalPosition | null, b: WalPosition | null): WalPosition | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** The request's `extensions.readAfterLsn`: a position, null when absent, or the error to answer with. */
export function readAfterOf(context: RequestContext | undefined): WalPosition | null | GraphQLError {
  const value = context?.params?.extensions?.[readAfterExtension];
  if (value === undefined || value === null) return null;
  const position = typeof value === 'string' ? parseWalPosition(value) : null;
  if (position === null)
    return readAfterError(
      `${readAfterExtension} must be a log position such as "0/16B3748", as a mutation's extensions.lsn gives`,
    );
  return position;
}

function readAfterError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field: `extensions.${readAfterExtension}`, http: { status: 400 } },
  });
}
