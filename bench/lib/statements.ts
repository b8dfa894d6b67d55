import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { buildApp } from '../../src/server/app';
import type { Target } from './databases';

export interface CountRequest {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Fresh variables for the measured run (writes that must not repeat). */
  variablesFor?: () => Record<string, unknown>;
}

export interface StatementCount {
  statements: number | null;
  errors: string | null;
}

/**
 * Ours: the app built in-process on the same database, each request run once to warm up and once measured,
 * reading app.database.statements.count (Prisma's query event: one per SQL statement, BEGIN/COMMIT included).
 */
export async function countOurStatements(
  target: Target,
  requests: CountRequest[],
  env: Record<string, string> = {},
): Promise<Record<string, StatementCount>> {
  const base = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SEED_ON_EMPTY: 'false',
    LIVE_POLL_MS: '60000',
    ...env,
  });
  const config: Config = { ...base, database: target.config };
  const app = await buildApp(config, { seed: false, logger: pino({ level: 'silent' }) });
  const results: Record<string, StatementCount> = {};
  try {
    for (const request of requests) {
      const run = async (variables: Record<string, unknown> | undefined) => {
        const response = await app.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json',
            ...request.headers,
          },
          body: JSON.stringify({ query: request.query, variables }),
        });
        return (await response.json()) as { errors?: { message: string }[] };
      };
      await run(request.variablesFor?.() ?? request.variables);
      await new Promise((resolve) => setTimeout(resolve, 50));
      app.database.statements.reset();
      const body = await run(request.variablesFor?.() ?? request.variables);
      const statements = app.database.statements.count;
      results[request.name] = {
        statements,
        errors: body.errors?.length
          ? body.errors
              .map((error) => error.message)
              .join('; ')
              .slice(0, 300)
          : null,
      };
    }
  } finally {
    await app.close();
  }
  return results;
}
