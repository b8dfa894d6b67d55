// The real side of the model-based API test (tests/server/api-model.test.ts): writes over HTTP
// (yoga.fetch) or graphql-ws, reads, live subscribers on real sockets, and a cheap reset between runs.
import type { Client } from 'graphql-ws';
import { createApiKey } from '../../src/server/api-keys';
import type { GraphQLResponse, TestApp } from './app';
import { wsClient } from './graphql-ws';

export const recordMutation = /* GraphQL */ `
  mutation Record($input: RecordDevelopmentInput!) {
    recordDevelopment(input: $input) {
      id
      sequence
      cursor
    }
  }
`;
export type RecordResult = GraphQLResponse<{ recordDevelopment: LogEntry | null }>;

export const readQuery = /* GraphQL */ `
  query Latest {
    developments(last: 100) {
      totalCount
      edges {
        node {
          id
          sequence
        }
      }
    }
  }
`;

const subscription = /* GraphQL */ `
  subscription Follow($after: String) {
    developments(after: $after) {
      id
      sequence
      cursor
    }
  }
`;

export interface LogEntry {
  id: string;
  sequence: number;
  cursor: string;
}

export interface Writer {
  token: string;
  prefix: string;
  /** An authenticated graphql-ws connection, opened on first use. */
  socket: Client | null;
}

/** Runs one operation over graphql-ws and returns its single result; a refused socket rejects. */
export function overSocket<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse<T> | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          result = value as GraphQLResponse<T>;
        },
        error: (error) => reject(error instanceof Error ? error : new Error(describeClose(error))),
        complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
      },
    );
  });
}

/** Runs one operation over server-sent events (yoga.fetch, `Accept: text/event-stream`): its first result. */
export async function overSse<T>(
  app: TestApp,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<GraphQLResponse<T>> {
  const response = await app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (!response.headers.get('content-type')?.includes('text/event-stream'))
    return JSON.parse(text) as GraphQLResponse<T>;
  const frames = text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line.length > 8)
    .map((line) => JSON.parse(line.slice(6)) as GraphQLResponse<T>);
  if (!frames.length) throw new Error(`no result in the event stream: ${text.slice(0, 200)}`);
  return frames[0];
}

function describeClose(error: unknown): string {
  const close = error as { code?: number; reason?: string };
  return close?.code ? `socket closed ${close.code} ${close.reason ?? ''}` : JSON.stringify(error);
}

/** A live subscriber on its own socket: what it received, across disconnects and resumes. */
export class Subscriber {
  readonly received: LogEntry[] = [];
  private client: Client | null = null;
  private stopFn: (() => void) | null = null;
  failure: unknown = null;

  constructor(private readonly url: string) {}

  get open(): boolean {
    return this.client !== null;
  }

  /** Subscribes after `cursor` (the last entry it saw, or the log position when it started). */
  start(cursor: string): void {
    const client = wsClient(this.url);
    this.client = client;
    this.stopFn = client.subscribe<{ developments: LogEntry }>(
      { query: subscription, variables: { after: cursor } },
      {
        next: (result) => {
          if (this.client !== client) return;
          if (result.errors?.length || !result.data) this.failure = result.errors ?? result;
          else this.received.push(result.data.developments);
        },
        error: (error) => {
          if (this.client === client) this.failure = error;
        },
        complete: () => {},
      },
    );
  }

  /** Closes the socket; anything arriving afterwards is not this subscriber's any more. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.stopFn?.();
    this.stopFn = null;
    await client?.dispose();
  }
}

/** Waits for a condition (polling briefly), instead of sleeping for a guessed time. */
export async function until(condition: () => boolean, timeoutMs: number, describe: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface RunKeys {
  writers: [Writer, Writer];
  readOnly: string;
}

/**
 * Empties what a run writes (the log and its idempotency keys; the fixture actors stay) and makes fresh
 * keys, without a new app: the feed, the sockets and the response cache keep running across runs. The
 * log counter is not reset, so the feed never sees a sequence twice; a first entry marks the run's start.
 */
export async function resetForRun(app: TestApp): Promise<{ keys: RunKeys; start: LogEntry }> {
  const { prisma } = app.database;
  await prisma.$executeRawUnsafe('TRUNCATE "Development", "IdempotencyKey" CASCADE');
  app.responseCache.clear();
  const writer = async (name: string): Promise<Writer> => {
    const { token, key } = await createApiKey(prisma, { name, scopes: ['data:write'] });
    return { token, prefix: key.prefix, socket: null };
  };
  const keys: RunKeys = {
    writers: [await writer('model writer 0'), await writer('model writer 1')],
    readOnly: (await createApiKey(prisma, { name: 'model reader', scopes: ['read'] })).token,
  };
  const start = await app.graphql<{ recordDevelopment: LogEntry }>(recordMutation, {
    input: { kind: 'STATEMENT', summary: 'Run starts' },
  });
  if (!start.data?.recordDevelopment) throw new Error(`could not mark the run: ${JSON.stringify(start)}`);
  return { keys, start: start.data.recordDevelopment };
}
