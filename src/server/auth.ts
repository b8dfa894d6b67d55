import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { analyse, type OperationArgs } from '../operation';
import { translateDatabaseError } from '../db/errors';
import { DomainError } from '../domain/errors';
import { viewerHasScope, type Viewer } from '../schema/scopes';
import { bearerToken, type ApiKeyAuthenticator } from './api-keys';
import { useOperationGuard } from './guard';
import { payloadAccessError } from './payload-access';

/**
 * Resolves the caller of one request. No key means anonymous (fine for public reads; mutations are
 * refused by the scope-auth plugin). A key that is present but wrong is refused outright, so a typo in
 * a client's configuration is loud rather than silently downgraded to anonymous.
 */
export async function viewerForToken(
  authenticator: ApiKeyAuthenticator,
  token: string | undefined,
): Promise<Viewer | null> {
  if (token === undefined) return null;
  let viewer: Viewer | null;
  try {
    viewer = await authenticator.authenticate(token);
  } catch (error) {
    const known = translateDatabaseError(error);
    if (known instanceof DomainError) {
      throw new GraphQLError(known.message, { extensions: { code: known.code, http: { status: 503 } } });
    }
    throw error;
  }
  if (!viewer) throw invalidKeyError();
  return viewer;
}

export function invalidKeyError(): GraphQLError {
  return new GraphQLError('The API key is invalid or revoked', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

export function tokenFromRequest(request: Request): string | undefined {
  return bearerToken(request.headers.get('authorization'));
}

const connectionKeyFields = ['authorization', 'Authorization', 'apiKey'] as const;

/**
 * graphql-ws clients pass the key in connection_init: `{ authorization: 'Bearer gzn_…' }` or `{ apiKey: 'gzn_…' }`.
 * Undefined (anonymous) only when no key field is present at all. A key field holding anything but a
 * non-empty string (a number, array, object, null, '') throws UNAUTHENTICATED, as a wrong key does: a
 * client that meant to send a key must not silently become anonymous.
 */
export function tokenFromConnectionParams(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (params === undefined || params === null) return undefined;
  const present = connectionKeyFields.filter((field) => Object.hasOwn(params, field));
  if (!present.length) return undefined;
  const values = present.map((field) => params[field]);
  if (!values.every((value) => typeof value === 'string' && value.trim() !== '')) throw invalidKeyError();
  const tokens = new Set(values.map((value) => bearerToken(value as string)));
  // Two different keys in one payload: refuse rather than guess which one the client meant.
  if (tokens.size !== 1) throw invalidKeyError();
  return [...tokens][0];
}

/**
 * With PUBLIC_READS=false, queries and subscriptions need the `read` scope, and a mutation's payload shows
 * a caller without it only what the mutation wrote (./payload-access.ts).
 */
export function useReadAccess(publicReads: boolean): Plugin<{ viewer?: Viewer | null }> {
  const check = (args: OperationArgs & { contextValue: { viewer?: Viewer | null } }) => {
    const viewer = args.contextValue.viewer;
    if (publicReads || viewerHasScope(viewer, 'read')) return null;
    // Mutations check their own scopes; their payloads may show only what they wrote.
    if (analyse(args.schema, args.document, args.operationName).type === 'mutation')
      return payloadAccessError(args, viewer);
    return viewer
      ? new GraphQLError(`API key ${viewer.prefix} lacks the read scope`, {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        })
      : new GraphQLError('Reading needs an API key with the read scope (Authorization: Bearer <key>)', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
  };
  return useOperationGuard(check);
}
