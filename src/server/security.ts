import type { Plugin as EnvelopPlugin } from '@envelop/core';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { analyse } from '../operation';
import { useOperationGuard } from './guard';
import { maskError } from './errors';
import type { Logger } from './logger';

/** The numbers SECURITY.md documents; the tests send requests just past each. */
export const documentLimits = { maxDepth: 12, maxAliases: 15, maxTokens: 2000, maxDirectives: 10 } as const;

/** Header a non-browser client sends on GET or form-encoded requests to prove it is not a cross-site form. */
export const csrfHeader = 'x-graphql-csrf';

/**
 * Parser and validation limits (graphql-armor), CSRF prevention and, unless enabled, no introspection
 * or "Did you mean" suggestions in production. All of these run inside Yoga's envelop, which
 * graphql-ws also goes through, so sockets get the same rules as HTTP.
 */
// Plugin<any>: graphql-armor and the CSRF plugin are typed for other context shapes than ours.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function securityPlugins(config: Pick<Config, 'introspection'>): Plugin<any>[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: documentLimits.maxDepth },
    maxAliases: { n: documentLimits.maxAliases },
    maxTokens: { n: documentLimits.maxTokens },
    maxDirectives: { n: documentLimits.maxDirectives },
    // Our own page-size based cost analysis (limits.ts) knows connections; armor's generic one does not.
    costLimit: { enabled: false },
    // Suggestions reveal field names, which is what disabling introspection is meant to hide.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  return [
    // Browsers send JSON only after a CORS preflight; simple requests (GET, forms) must carry a custom header.
    useCSRFPrevention({ requestHeaders: [csrfHeader, 'x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ...(armor.protect().plugins as Plugin<any>[]),
    ...(config.introspection ? [] : [useNoIntrospection()]),
  ];
}

/**
 * Refuses `__schema` and `__type` wherever the operation analysis finds them (fragments included), at
 * execution, so HTTP, SSE and graphql-ws follow one rule. (Yoga's plugin keyed it on the HTTP request,
 * which sockets do not have.)
 */
function useNoIntrospection(): Plugin {
  return useOperationGuard((args) =>
    analyse(args.schema, args.document, args.operationName).introspection
      ? new GraphQLError('GraphQL introspection is disabled on this server', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        })
      : null,
  ) as Plugin;
}

/**
 * What a client may see of a result: unexpected errors become "Unexpected error." with the request id,
 * and the log gets the original error with the same id. Returns the result itself when nothing changes.
 */
export function maskResultErrors(
  result: ExecutionResult,
  requestId: string | undefined,
  logger: Logger,
): ExecutionResult {
  if (!result.errors?.length) return result;
  let changed = false;
  const errors = result.errors.map((error) => {
    const masked = maskError(error, 'Unexpected error.', false);
    const code = (masked as GraphQLError).extensions?.code;
    if (code !== 'INTERNAL_SERVER_ERROR' && code !== 'SERVICE_UNAVAILABLE')
      return masked === error ? error : ((changed = true), masked as GraphQLError);
    changed = true;
    const original = error.originalError ?? error;
    if (code === 'INTERNAL_SERVER_ERROR')
      logger.error({ err: original, reqId: requestId, path: error.path }, 'unexpected error');
    else
      logger.warn({ reqId: requestId, path: error.path, reason: original.message }, 'database unavailable');
    return new GraphQLError(masked.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...(masked as GraphQLError).extensions, code, ...(requestId ? { requestId } : {}) },
    });
  });
  return changed ? { ...result, errors } : result;
}

/** Extension keys Yoga uses internally and strips when it serializes a response itself. */
const internalExtensions = new Set(['http', 'unexpected']);

/**
 * A result ready to serialize by hand, as Yoga would send it: errors masked (unexpected ones logged under
 * `requestId`, which the client gets too) and Yoga's internal error extensions left out.
 */
export function resultForClient(result: ExecutionResult, requestId: string, logger: Logger): ExecutionResult {
  const masked = maskResultErrors(result, requestId, logger);
  if (!masked.errors?.length) return masked;
  const errors = masked.errors.map((error) => {
    const extensions = Object.fromEntries(
      Object.entries(error.extensions ?? {}).filter(([key]) => !internalExtensions.has(key)),
    );
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions,
    });
  });
  return { ...masked, errors };
}

/**
 * Masks unexpected errors itself, before Yoga's own masking, because only here is the context (and so
 * the request id) at hand.
 */
export function useErrorReporting(logger: Logger): EnvelopPlugin<{ requestId?: string }> {
  const report = (
    result: ExecutionResult,
    requestId: string | undefined,
    setResult: (result: ExecutionResult) => void,
  ) => {
    const masked = maskResultErrors(result, requestId, logger);
    if (masked !== result) setResult(masked);
  };
  return {
    onExecute({ args }) {
      const requestId = args.contextValue.requestId;
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) =>
            report(result, requestId, setResult),
          ),
      };
    },
    onSubscribe({ args }) {
      const requestId = args.contextValue.requestId;
      return {
        onSubscribeResult: (payload) =>
          handleStreamOrSingleExecutionResult(payload as never, ({ result, setResult }) =>
            report(result, requestId, setResult),
          ),
      };
    },
  };
}
