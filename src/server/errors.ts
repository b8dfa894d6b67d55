import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { isConnectionFailure, translateDatabaseError } from '../domain/context';
import { DomainError, ServiceUnavailableError, ValidationError } from '../domain/errors';

/**
 * Turns a resolver failure into what a client may see: domain errors keep their message, code and
 * field path; database outages say SERVICE_UNAVAILABLE; anything else is masked (logged by the caller).
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  // Duck-typed: the executor may hand over a GraphQLError from another copy of graphql.
  const graphQLError = isGraphQLError(error) ? error : undefined;
  const original = graphQLError?.originalError ?? error;
  // Pothos rejects a malformed cursor with a code-less error: that is bad input. Its other validation
  // errors are bugs of ours (a resolver returning the wrong shape) and stay masked.
  const known =
    original instanceof DomainError
      ? original
      : original instanceof PothosValidationError && original.message.startsWith('Invalid cursor')
        ? ValidationError.at([], original.message)
        : translateDatabaseError(original);
  const domainError =
    known instanceof DomainError
      ? known
      : isConnectionFailure(original)
        ? new ServiceUnavailableError()
        : undefined;
  if (domainError) {
    return new GraphQLError(domainError.message, {
      nodes: graphQLError?.nodes,
      path: graphQLError?.path,
      extensions: {
        code: domainError.code,
        ...(domainError.field ? { field: domainError.field } : {}),
        ...(domainError instanceof ValidationError && domainError.issues.length > 1
          ? { issues: domainError.issues }
          : {}),
      },
    });
  }
  if (graphQLError && (!graphQLError.originalError || isGraphQLError(graphQLError.originalError)))
    return graphQLError;
  return yogaMaskError(error, message, isDev);
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return (
    error instanceof GraphQLError ||
    (error instanceof Error && error.name === 'GraphQLError' && 'extensions' in error)
  );
}
