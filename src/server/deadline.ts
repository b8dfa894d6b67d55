import type { Plugin } from '@envelop/core';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { analyse } from '../operation';

export function operationTimeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The operation did not finish within ${timeoutMs} ms`, {
    extensions: { code: 'TIMEOUT', timeoutMs, http: { status: 504 } },
  });
}

/**
 * The per-operation deadline: a query not done by `timeoutMs` is answered with TIMEOUT (HTTP 504), over
 * HTTP, SSE and graphql-ws alike. What it still runs is bounded by the database's statement timeout.
 * Mutations are not cut: an answer of TIMEOUT for a write that then commits would invite a blind retry;
 * each of their statements has the statement timeout, and their transaction Prisma's transaction timeout.
 */
export function useOperationDeadline(timeoutMs: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (timeoutMs <= 0 || analyse(args.schema, args.document, args.operationName).type !== 'query') return;
      setExecuteFn(async (executeArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => resolve({ errors: [operationTimeoutError(timeoutMs)] }), timeoutMs);
        });
        try {
          return await Promise.race([executeFn(executeArgs) as Promise<ExecutionResult>, deadline]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
