import type { Plugin } from '@envelop/core';
import type { ExecutionArgs, GraphQLError } from 'graphql';

/**
 * An envelop plugin that refuses an operation before it runs when `check` returns an error. It hooks
 * execute and subscribe alike, so the rule holds over HTTP, SSE and graphql-ws.
 */
export function useOperationGuard<Context extends Record<string, unknown> = Record<string, unknown>>(
  check: (args: ExecutionArgs & { contextValue: Context }) => GraphQLError | null,
): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args as ExecutionArgs & { contextValue: Context });
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args as ExecutionArgs & { contextValue: Context });
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
