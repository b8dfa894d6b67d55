import { NotFoundError } from '../domain/errors';
import { builder } from './builder';
import { capped, listCaps } from './list-caps';
import { apiScopes, isApiScope, scopeEnumName, type ApiScope } from './scopes';

/** An API key as admins see it: never its secret, which exists only in the answer that created it. */
export interface ApiKeyRecord {
  /** The row id, for revocation notices inside the server; not exposed. */
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Key management, supplied by the server in the context: a revocation there also ends the sockets and
 * streams the key holds open. It stores only the SHA-256 of each secret (src/server/api-keys.ts).
 */
export interface ApiKeyAdmin {
  list(): Promise<ApiKeyRecord[]>;
  create(input: { name: string; scopes: ApiScope[] }): Promise<{ token: string; key: ApiKeyRecord }>;
  /** Null when no active key has this prefix. */
  revoke(prefix: string): Promise<ApiKeyRecord | null>;
}

const adminOnly = { scope: 'admin' } as const;

const scopeDescriptions: Record<ApiScope, string> = {
  read: 'Queries and subscriptions when PUBLIC_READS=false.',
  'data:write': 'Actors, meetings, proposals, stances, developments.',
  'articles:write': 'addArticle.',
  'review:read': 'Reading the review queue.',
  'review:write': 'Deciding candidates; implies REVIEW_READ.',
  'metrics:read': 'GET /metrics in production.',
  admin: 'Everything, and managing API keys.',
};

export const ApiScopeEnum = builder.enumType('ApiScope', {
  description: 'What an API key may do (SECURITY.md); ADMIN implies every other scope.',
  values: Object.fromEntries(
    apiScopes.map((scope) => [scopeEnumName(scope), { value: scope, description: scopeDescriptions[scope] }]),
  ) as Record<string, { value: ApiScope; description: string }>,
});

const ApiKey = builder.objectRef<ApiKeyRecord>('ApiKey').implement({
  description: 'An API key, named by its public prefix. Its secret is never shown again after creation.',
  fields: (t) => ({
    prefix: t.exposeString('prefix', { description: 'The public part of gzn_<prefix>_<secret>.' }),
    name: t.exposeString('name'),
    scopes: t.field({
      type: [ApiScopeEnum],
      resolve: (key) => key.scopes.filter(isApiScope),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Recorded at most once a minute.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<{ token: string; key: ApiKeyRecord }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.field({ type: ApiKey, resolve: (created) => created.key }),
    token: t.exposeString('token', {
      description: 'The key to send as `Authorization: Bearer <token>`. Shown only here: store it now.',
    }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who or what uses the key; 1 to 100 characters.' }),
    scopes: t.field({ type: [ApiScopeEnum], required: true, description: 'At least one.' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKey],
    authScopes: adminOnly,
    description: 'The first 500 API keys, oldest first, revoked ones included (scope ADMIN).',
    ...capped(listCaps.apiKeys),
    resolve: async (_root, _args, ctx) => (await ctx.apiKeys.list()).slice(0, listCaps.apiKeys),
  }),
);

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: adminOnly,
    description: 'Creates an API key (scope ADMIN). The answer holds the key itself, which is not stored.',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.apiKeys.create({ name: input.name, scopes: input.scopes }),
  }),
  revokeApiKey: t.field({
    type: ApiKey,
    authScopes: adminOnly,
    description:
      'Revokes an active API key (scope ADMIN): it is refused from now on, and its open sockets and SSE streams end.',
    args: { prefix: t.arg.string({ required: true }) },
    resolve: async (_root, { prefix }, ctx) => {
      const key = await ctx.apiKeys.revoke(prefix);
      if (!key) throw new NotFoundError('Active API key with prefix', prefix, ['prefix']);
      return key;
    },
  }),
}));
