import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type { SqlReader } from '../read/driver';

/**
 * Database spans, made by hand: the server runs as one esbuild bundle, which automatic instrumentation
 * (patching `pg` as it is required) never sees. One span per statement, whichever way it goes: the Prisma
 * client's, through its driver adapter (transactions included), and the hand-written reads of src/read/driver.ts.
 * Only built when tracing is on; otherwise the adapter and the reader are used as they are.
 */
export function traceStatement<T>(tracer: Tracer, sql: string, run: () => Promise<T>): Promise<T> {
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  return tracer.startActiveSpan(
    operation,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': sql },
    },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function tracedReader(reader: SqlReader, tracer: Tracer): SqlReader {
  return { rows: (statement) => traceStatement(tracer, statement.text, () => reader.rows(statement)) };
}

/** The adapter factory with every connection's (and transaction's) statements traced. */
export function tracedAdapterFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  tracer: Tracer,
): SqlMigrationAwareDriverAdapterFactory {
  return forwarding(factory, {
    connect: async () => tracedQueryable(await factory.connect(), tracer),
    connectToShadowDb: async () => tracedQueryable(await factory.connectToShadowDb(), tracer),
  });
}

function tracedQueryable<Q extends SqlDriverAdapter | Transaction>(queryable: Q, tracer: Tracer): Q {
  const traced: Partial<SqlDriverAdapter> = {
    queryRaw: (query) => traceStatement(tracer, query.sql, () => queryable.queryRaw(query)),
    executeRaw: (query) => traceStatement(tracer, query.sql, () => queryable.executeRaw(query)),
  };
  if ('startTransaction' in queryable) {
    traced.startTransaction = async (isolationLevel) =>
      tracedQueryable(await queryable.startTransaction(isolationLevel), tracer);
  }
  return forwarding(queryable, traced as Partial<Q & SqlQueryable>);
}

/** `target` with some methods replaced; everything else (methods bound to it, fields) reads through. */
export function forwarding<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.prototype.hasOwnProperty.call(replaced, key)) return replaced[key as keyof T];
      const value = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
