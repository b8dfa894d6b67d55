import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { runtimeEnvironment } from '../config';
import { DomainError, ValidationError } from '../domain/errors';
import { decodeGlobalId, encodeGlobalId } from '../global-ids';
import type PrismaTypes from '../../generated/pothos-types';
import { getDatamodel } from '../../generated/pothos-types';
import type { GraphQLContext } from './context';
import StrictInputsPlugin, { nodeTypenames } from './input-plugin';
import { viewerHasScope, type ApiScope } from './scopes';

// Scope names and which mutations need which: see ./scopes.ts. Usage: `authScopes: { scope: 'data:write' }`.
export { apiScopes, type ApiScope } from './scopes';

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: GraphQLContext;
  AuthScopes: { scope: ApiScope };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Scope auth first, so its check wraps every other plugin's resolver; then the argument checks
  // (./input-plugin.ts), so that a caller without the scope learns nothing about its input.
  plugins: [ScopeAuthPlugin, StrictInputsPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({ scope: (scope: ApiScope) => viewerHasScope(ctx.viewer, scope) }),
    // No key is UNAUTHENTICATED; a key without the scope is FORBIDDEN. Both are DomainErrors so maskError keeps them.
    unauthorizedError: (_parent, ctx, info) =>
      ctx.viewer
        ? new DomainError('FORBIDDEN', `API key ${ctx.viewer.prefix} may not use ${info.fieldName}`)
        : new DomainError(
            'UNAUTHENTICATED',
            `${info.fieldName} needs an API key (Authorization: Bearer <key>)`,
          ),
  },
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: runtimeEnvironment() === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // The one strict id codec, also for Relay's own node(id:) and nodes(ids:).
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (globalID) => {
      const { typename, id } = decodeGlobalId(globalID, ['id']);
      // Relay answers an unknown type with a code-less error: refuse it here as bad input instead.
      if (!(nodeTypenames as readonly string[]).includes(typename))
        throw ValidationError.at(['id'], `"${globalID}" is not the id of any node`);
      return { typename, id: String(id) };
    },
    nodeQueryOptions: { description: 'Fetches any object by its global id.' },
    nodesQueryOptions: {
      description: 'Fetches objects by their global ids, in order; unknown ids give null.',
    },
  },
});
