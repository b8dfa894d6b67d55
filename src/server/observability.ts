import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { analyse } from '../operation';
import { clientErrorCode } from './errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { LiveTransportContext } from '../live/cohorts';

export const requestIdHeader = 'x-request-id';

const requestIds = new WeakMap<object, string>();
// A caller-supplied id is kept only if it is short and plain, so it cannot inject into logs or headers.
const acceptableId = /^[A-Za-z0-9._:-]{1,128}$/;

type RequestLike = Request | IncomingMessage | { headers?: unknown };

function headerOf(request: RequestLike, name: string): string | undefined {
  const headers = (request as { headers?: unknown }).headers;
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The one place that assigns request ids. Reuses a valid `x-request-id` header, otherwise generates one,
 * and returns the same id for the same request object every time (a fetch Request, a node IncomingMessage,
 * or a WebSocket upgrade request, whose id then covers every operation on that socket).
 */
export function requestIdOf(request: RequestLike): string {
  let id = requestIds.get(request);
  if (!id) {
    const offered = headerOf(request, requestIdHeader);
    id = offered && acceptableId.test(offered) ? offered : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Makes `derived` (for example Yoga's fetch Request) share the id of `original` (the node request). */
export function linkRequestId(original: RequestLike, derived: object): string {
  const id = requestIdOf(original);
  requestIds.set(derived, id);
  return id;
}

/** The request id of a GraphQL context: HTTP and SSE carry `request`, graphql-ws carries the upgrade `req`. */
export function requestIdOfContext(context: unknown): string | undefined {
  const { request, req, requestId } = (context ?? {}) as {
    request?: RequestLike;
    req?: RequestLike;
    requestId?: unknown;
  };
  if (typeof requestId === 'string' && requestId !== 'unknown') return requestId;
  const carrier = request ?? req;
  return carrier ? requestIdOf(carrier) : undefined;
}

export interface OperationInfo {
  name: string;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
}

export function operationOf(
  schema: GraphQLSchema,
  document: DocumentNode | undefined,
  operationName: string | null | undefined,
): OperationInfo {
  const structure = document ? analyse(schema, document, operationName) : null;
  return { name: structure?.name ?? operationName ?? 'anonymous', type: structure?.type ?? 'unknown' };
}

/** The code a client sees for an error: its own, or the one masking would give it. */
export function errorCode(error: GraphQLError | Error): string {
  const own = (error as GraphQLError).extensions?.code;
  if (typeof own === 'string') return own;
  return clientErrorCode(error);
}

export function codesOf(result: ExecutionResult | undefined): string[] {
  return (result?.errors ?? []).map((error) => errorCode(error));
}

/**
 * Logs one line per GraphQL operation (request id, operation name and type, duration, error codes) and
 * feeds the metrics. Envelop hooks run for HTTP, SSE and graphql-ws alike; the HTTP hooks add the request
 * id header to every Yoga response.
 */
export function useObservability(options: {
  logger: Logger;
  metrics: Metrics;
}): Plugin<Record<string, unknown>> {
  const { logger, metrics } = options;
  const started = new WeakMap<object, number>();
  const elapsed = (context: object) =>
    (performance.now() - (started.get(context) ?? performance.now())) / 1000;

  const finish = (context: object, operation: OperationInfo, codes: string[]) => {
    const seconds = elapsed(context);
    metrics.observeOperation(operation, seconds, codes);
    const line = {
      reqId: requestIdOfContext(context),
      operationName: operation.name,
      operationType: operation.type,
      durationMs: Math.round(seconds * 1000 * 10) / 10,
      ...(codes.length ? { errors: codes } : {}),
    };
    if (codes.some((code) => code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE'))
      logger.warn(line, 'graphql operation failed');
    else logger.info(line, 'graphql operation');
  };

  return {
    onRequest({ request, serverContext }) {
      const node = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      if (node) linkRequestId(node, request);
      else requestIdOf(request);
    },
    onResponse({ request, response }) {
      response.headers.set(requestIdHeader, requestIdOf(request));
    },
    onParse({ context }) {
      started.set(context, performance.now());
      return ({ result }) => {
        if (result instanceof Error)
          finish(context, { name: 'unknown', type: 'unknown' }, ['GRAPHQL_PARSE_FAILED']);
      };
    },
    onValidate({ context, params }) {
      return ({ valid, result }) => {
        if (!valid)
          finish(
            context,
            operationOf(params.schema, params.documentAST, undefined),
            result.map(() => 'GRAPHQL_VALIDATION_FAILED'),
          );
      };
    },
    onExecute({ args }) {
      const context = (args.contextValue ?? {}) as object;
      if (!started.has(context)) started.set(context, performance.now());
      return {
        onExecuteDone({ result }) {
          const operation = operationOf(args.schema, args.document, args.operationName);
          if (isAsyncIterable(result)) finish(context, operation, []);
          else finish(context, operation, codesOf(result));
        },
      };
    },
    onSubscribe({ args }) {
      const context = (args.contextValue ?? {}) as object;
      if (!started.has(context)) started.set(context, performance.now());
      const operation = operationOf(args.schema, args.document, args.operationName);
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            finish(context, operation, codesOf(result));
            return;
          }
          finish(context, operation, []);
          const since = performance.now();
          let results = 0;
          return {
            onNext({ result: next }) {
              results += 1;
              metrics.delivered(codesOf(next));
            },
            onEnd() {
              // Live results written straight to the socket (src/live/cohorts.ts) bypass onNext.
              const written = (context as LiveTransportContext).liveSink?.sent ?? 0;
              logger.info(
                {
                  reqId: requestIdOfContext(context),
                  operationName: operation.name,
                  operationType: operation.type,
                  results: results + written,
                  lifetimeMs: Math.round(performance.now() - since),
                },
                'subscription ended',
              );
            },
          };
        },
        onSubscribeError({ error }) {
          metrics.observeOperation(operation, 0, [errorCode(error as Error)]);
        },
      };
    },
  };
}
