import type { Plugin as EnvelopPlugin } from '@envelop/core';
import { PothosError, PothosValidationError } from '@pothos/core';
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { handleStreamOrSingleExecutionResult } from 'graphql-yoga';
import { translateDatabaseError } from '../db/errors';
import { ConflictError, DomainError, ValidationError } from '../domain/errors';
import type { Logger } from './logger';

/**
 * The one error path to clients. Every error a client can see passes through `toClientError`: the envelop
 * plugin below (during execution, where the request id is known), Yoga's `maskError` (errors raised
 * before execution: parsing, the context factory) and the live cohorts (one result for many sockets).
 */

export const unexpectedErrorMessage = 'Unexpected error.';

/** What a failed operation tells us about the input, for errors whose type alone does not say. */
export interface ErrorInput {
  /** The operation's document and variables: a malformed cursor in them is bad input, not our bug. */
  document?: DocumentNode;
  variables?: Record<string, unknown>;
}

/**
 * What a client may see of an error. Domain errors keep their message, code and field path; database
 * failures are translated (src/db/errors.ts); errors graphql-js or a plugin raised on purpose (parsing,
 * validation, access) pass as they are; anything else becomes "Unexpected error." with the request id,
 * which the log line of the original carries too. Never a stack trace or an internal message.
 */
export function toClientError(error: unknown, requestId?: string, input: ErrorInput = {}): GraphQLError {
  const graphQLError = isGraphQLError(error) ? error : undefined;
  const original = graphQLError?.originalError ?? error;
  const known = knownError(original, graphQLError, input);
  const located = { nodes: graphQLError?.nodes, path: graphQLError?.path };
  if (known) {
    return new GraphQLError(known.message, {
      ...located,
      extensions: {
        code: known.code,
        ...(known.field ? { field: known.field } : {}),
        ...(known instanceof ConflictError && known.details ? known.details : {}),
        ...(known instanceof ValidationError && known.issues.length > 1 ? { issues: known.issues } : {}),
      },
    });
  }
  // Pothos' errors are GraphQLErrors too, but not ones we meant a client to read.
  if (
    graphQLError &&
    !(original instanceof PothosError) &&
    (!graphQLError.originalError || isGraphQLError(graphQLError.originalError))
  )
    return graphQLError;
  const extensions = { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) };
  // Yoga's own mark, which makes a failure outside execution a 500. Not enumerable, so no serializer
  // sends it: Yoga strips it from HTTP responses, but graphql-ws and the cohorts' frames would not.
  Object.defineProperty(extensions, 'unexpected', { value: true, enumerable: false });
  return new GraphQLError(unexpectedErrorMessage, { ...located, extensions });
}

/** The code a client sees for an error (for logs and metrics). */
export function clientErrorCode(error: unknown): string {
  const code = toClientError(error).extensions.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

function knownError(original: unknown, located: GraphQLError | undefined, input: ErrorInput) {
  const translated = translateDatabaseError(original);
  if (translated instanceof DomainError) return translated;
  // The relay plugin refuses a client's first/last, offset cursor or global id with a code-less error.
  if (isRelayArgumentError(original)) return ValidationError.at([], original.message);
  // Pothos' Prisma connections reject a cursor they cannot decode with the same error type as their
  // complaints about our own schema. Which one it is, the input tells: a cursor argument at or below the
  // failing field that no Prisma connection could read.
  if (original instanceof PothosValidationError && input.document) {
    const argument = unreadableCursor(input.document, input.variables ?? {}, responsePath(located));
    if (argument) return ValidationError.at([argument], 'Invalid cursor');
  }
  return undefined;
}

const cursorArguments = new Set(['after', 'before']);

function responsePath(error: GraphQLError | undefined): string[] {
  return (error?.path ?? []).filter((key): key is string => typeof key === 'string');
}

/** The name of an `after`/`before` argument under `under` (a response path) that is no Prisma cursor. */
function unreadableCursor(
  document: DocumentNode,
  variables: Record<string, unknown>,
  under: string[],
): string | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const valueOf = (node: ValueNode): unknown =>
    node.kind === Kind.VARIABLE ? variables[node.name.value] : node.kind === Kind.STRING ? node.value : null;
  const readable = (cursor: string) => {
    try {
      parsePrismaCursor(cursor);
      return true;
    } catch {
      return false;
    }
  };
  const visit = (set: SelectionSetNode, path: string[], seen: Set<string>): string | undefined => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const found = visit(fragment.selectionSet, path, new Set([...seen, fragment.name.value]));
        if (found) return found;
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const found = visit(selection.selectionSet, path, seen);
        if (found) return found;
        continue;
      }
      const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
      const onPath = fieldPath.every((key, index) => index >= under.length || under[index] === key);
      if (!onPath) continue;
      if (fieldPath.length >= under.length) {
        for (const argument of selection.arguments ?? []) {
          if (!cursorArguments.has(argument.name.value)) continue;
          const cursor = valueOf(argument.value);
          if (typeof cursor === 'string' && !readable(cursor)) return argument.name.value;
        }
      }
      if (selection.selectionSet) {
        const found = visit(selection.selectionSet, fieldPath, seen);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const found = visit(definition.selectionSet, [], new Set());
    if (found) return found;
  }
  return undefined;
}

/** The relay plugin's refusals of a client's arguments (its utils/connections.js, global-ids.js, internal.js). */
const relayArgumentMessages = [
  /^Argument "(first|last)" /,
  /^Invalid offset cursor/,
  /^Invalid global ID/,
  /^ID: .* is not of type/,
];

function isRelayArgumentError(error: unknown): error is PothosValidationError {
  return (
    error instanceof PothosValidationError &&
    relayArgumentMessages.some((pattern) => pattern.test(error.message))
  );
}

function isGraphQLError(error: unknown): error is GraphQLError {
  // Duck-typed too: the executor may hand over a GraphQLError from another copy of graphql.
  return (
    error instanceof GraphQLError ||
    (error instanceof Error && error.name === 'GraphQLError' && 'extensions' in error)
  );
}

/**
 * A result's errors as clients may see them (`toClientError`), logging each unexpected one, and each
 * database outage, under the request id. Returns the result itself when nothing changes.
 */
export function clientResult(
  result: ExecutionResult,
  requestId: string | undefined,
  logger: Logger,
  input: ErrorInput = {},
): ExecutionResult {
  if (!result.errors?.length) return result;
  let changed = false;
  const errors = result.errors.map((error) => {
    const client = toClientError(error, requestId, input);
    if (client === error) return error;
    changed = true;
    const code = client.extensions.code;
    const original = error.originalError ?? error;
    if (code === 'INTERNAL_SERVER_ERROR')
      logger.error({ err: original, reqId: requestId, path: error.path }, 'unexpected error');
    else if (code === 'SERVICE_UNAVAILABLE')
      logger.warn({ reqId: requestId, path: error.path, reason: original.message }, 'database unavailable');
    return client;
  });
  return changed ? { ...result, errors } : result;
}

/** Extension keys Yoga uses internally and strips when it serializes a response itself. */
const internalExtensions = new Set(['http', 'unexpected']);

/**
 * A result ready to serialize by hand, as Yoga would send it (the live cohorts write frames to sockets
 * themselves): `clientResult`, then Yoga's internal extensions left out.
 */
export function resultForClient(result: ExecutionResult, requestId: string, logger: Logger): ExecutionResult {
  const masked = clientResult(result, requestId, logger);
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
 * Applies `clientResult` to every execution and subscription result, here rather than in Yoga's
 * `maskError` because only here are the context (the request id) and the document at hand. Yoga's
 * `maskError` (also `toClientError`) then finds nothing left to change.
 */
export function useClientErrors(logger: Logger): EnvelopPlugin<{ requestId?: string }> {
  const hook =
    (args: {
      contextValue: { requestId?: string };
      document: DocumentNode;
      variableValues?: Record<string, unknown> | null;
    }) =>
    (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
      handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
        const input = { document: args.document, variables: args.variableValues ?? {} };
        const masked = clientResult(result, args.contextValue.requestId, logger, input);
        if (masked !== result) setResult(masked);
      });
  return {
    onExecute: ({ args }) => ({ onExecuteDone: hook(args) }),
    onSubscribe: ({ args }) => ({ onSubscribeResult: hook(args) as never }),
  };
}

/** Yoga's `maskedErrors.maskError`: the same translation for errors raised outside execution. */
export const maskError = (error: unknown): Error => toClientError(error);
