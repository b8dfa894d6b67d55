import type { FormattedExecutionResult } from 'graphql-ws';
import { collect, wsClient } from './graphql-ws';

export type Transport = 'http' | 'sse' | 'graphql-ws';
export const transports: Transport[] = ['http', 'sse', 'graphql-ws'];

/**
 * Runs one operation over a real socket on the given transport, as the key `token` (null: anonymous),
 * and returns its first result.
 */
export async function runOver(
  transport: Transport,
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>> {
  if (transport === 'graphql-ws') {
    const client = wsClient(url, { connectionParams: token ? { authorization: `Bearer ${token}` } : {} });
    try {
      const [result] = await collect(client, query, variables, 1).done;
      return result;
    } catch (error) {
      // Refused before execution (validation): graphql-ws answers with an `error` message, not a result.
      const refused = (error as { graphqlErrors?: FormattedExecutionResult['errors'] }).graphqlErrors;
      if (refused) return { errors: refused };
      throw error;
    } finally {
      await client.dispose();
    }
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: transport === 'sse' ? 'text/event-stream' : 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (transport === 'http')
    return (await response.json()) as FormattedExecutionResult<Record<string, unknown>, unknown>;
  const text = await response.text();
  const data = /event: next\ndata: (.*)\n/.exec(text)?.[1];
  if (!data) throw new Error(`no next event in the SSE response: ${text.slice(0, 300)}`);
  return JSON.parse(data) as FormattedExecutionResult<Record<string, unknown>, unknown>;
}
