import { loadConfig, type Config } from '../../src/config';
import { buildApp, type App } from '../../src/server/app';
import { createTestDatabase, type DatabaseKind } from './databases';
import pino from 'pino';

export interface TestApp extends App {
  /** POSTs a GraphQL operation through yoga.fetch (no socket) and returns the parsed body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Starts the real app through buildApp, on a fresh database of the given kind. */
export async function startTestApp(kind: DatabaseKind, options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...options.env });
  const config: Config = { ...base, database: database.config };
  const app = await buildApp(config, { seed: options.seed ?? true, logger: pino({ level: 'silent' }) });
  return Object.assign(app, {
    async graphql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    },
    async stop() {
      await app.close();
      await database.drop();
    },
  });
}
