// The review desk's conversation with the server: GraphQL over fetch with the editor's key, and the
// live queue over graphql-ws. Nothing here touches the page.
import { createClient } from '/ticker/assets/graphql-ws.js';

const endpoint = new URL('/graphql', location.href);

/** A GraphQL error with the server's code (CONFLICT, FORBIDDEN…) and extensions kept. */
export class ApiError extends Error {
  constructor(error) {
    super(error?.message ?? 'Request failed');
    this.code = error?.extensions?.code ?? 'ERROR';
    this.extensions = error?.extensions ?? {};
  }
}

/** Runs one operation with the key; resolves to its data or throws the first error as an ApiError. */
export async function graphql(key, query, variables = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError({ message: `HTTP ${response.status}` });
  }
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data;
}

/**
 * Follows a subscription with the key, reconnecting after any failure. `onConnected` runs on every
 * (re)connection: the queue has no cursor, so the page re-reads it then and misses nothing.
 */
export function follow(key, query, { onConnected, onNext, onError }) {
  let stopped = false;
  let client;
  let retry;
  let delay = 500;
  const start = () => {
    client = createClient({
      url: endpoint.href.replace(/^http/, 'ws'),
      lazy: true,
      retryAttempts: 0,
      keepAlive: 15_000,
      connectionParams: { authorization: `Bearer ${key}` },
      on: {
        connected: () => {
          delay = 500;
          onConnected();
        },
      },
    });
    client.subscribe(
      { query },
      {
        next: (result) => {
          if (result.errors?.length) onError(new ApiError(result.errors[0]));
          else onNext(result.data);
        },
        error: (error) => again(error),
        complete: () => again(null),
      },
    );
  };
  const again = (error) => {
    if (stopped) return;
    if (error) onError(error instanceof Error ? error : new ApiError({ message: 'Live updates lost' }));
    void client.dispose();
    retry = setTimeout(start, delay);
    delay = Math.min(delay * 2, 10_000);
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(retry);
    void client.dispose();
  };
}
