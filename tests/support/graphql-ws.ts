import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';

/** A real graphql-ws client over a real socket. */
export function wsClient(
  httpUrl: string,
  options: { connectionParams?: Record<string, unknown>; lazy?: boolean } = {},
): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    connectionParams: options.connectionParams,
  });
}

/** Collects results of one subscription until `count` arrive (or the timeout passes). */
export function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
  timeoutMs = 15_000,
): {
  done: Promise<FormattedExecutionResult<T, unknown>[]>;
  results: FormattedExecutionResult<T, unknown>[];
  stop: () => void;
} {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  let stop = () => {};
  const done = new Promise<FormattedExecutionResult<T, unknown>[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `Timed out with ${results.length} of ${count} results: ${JSON.stringify(results.slice(-2))}`,
        ),
      );
    }, timeoutMs);
    stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          results.push(result);
          if (results.length >= count) {
            clearTimeout(timer);
            stop();
            resolve(results);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          // An `error` message (the operation was refused before it ran) carries the GraphQL errors.
          reject(
            error instanceof Error
              ? error
              : Object.assign(new Error(JSON.stringify(error)), {
                  graphqlErrors: Array.isArray(error) ? (error as GraphQLFormattedError[]) : undefined,
                }),
          );
        },
        complete: () => {
          clearTimeout(timer);
          resolve(results);
        },
      },
    );
  });
  return { done, results, stop: () => stop() };
}
