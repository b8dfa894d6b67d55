/**
 * API key scopes. Fields declare the scope they need with the scope-auth plugin, e.g.
 *
 *   addArticle: t.prismaField({ authScopes: { scope: 'articles:write' }, ... })
 *
 * - `read`            queries and subscriptions, only needed when PUBLIC_READS=false
 * - `data:write`      createActor/updateActor, createMeeting/updateMeeting, createProposal/updateProposal,
 *                     recordStance, recordDevelopment, reviseDevelopment
 * - `articles:write`  addArticle
 * - `review:read`     the review queue: candidates and candidate actors (every status, with review notes),
 *                     wherever they appear (`candidates`, `candidateActors`, `Article.candidates`, `node`)
 * - `review:write`    acceptCandidate, editCandidate, rejectCandidate, acceptCandidateActor, rejectCandidateActor;
 *                     implies `review:read` (a reviewer reads what it decides)
 * - `metrics:read`    GET /metrics in production (when it is not on its own METRICS_PORT)
 * - `admin`           implies every other scope; alone may manage API keys (apiKeys, createApiKey, revokeApiKey)
 */
export const apiScopes = [
  'read',
  'data:write',
  'articles:write',
  'review:read',
  'review:write',
  'metrics:read',
  'admin',
] as const;
export type ApiScope = (typeof apiScopes)[number];

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}

/** The GraphQL enum name of a scope (ApiScope in src/schema/api-key.ts): `data:write` is DATA_WRITE. */
export function scopeEnumName(scope: ApiScope): string {
  return scope.replace(':', '_').toUpperCase();
}

/** Who is calling: the API key that authenticated the request, or null for anonymous callers. */
export interface Viewer {
  keyId: number;
  /** The key's public prefix, used to name it in logs and as its rate-limit bucket. */
  prefix: string;
  name: string;
  scopes: ApiScope[];
}

/** The review queue's scope, for `authScopes` on its fields and types (src/schema/ingest.ts, article.ts). */
export const reviewReadScope = { scope: 'review:read' } as const;

/** Scopes that a held scope grants besides itself. */
const impliedBy: Partial<Record<ApiScope, ApiScope[]>> = { 'review:read': ['review:write'] };

export function viewerHasScope(viewer: Viewer | null | undefined, scope: ApiScope): boolean {
  if (!viewer) return false;
  const granting = ['admin', scope, ...(impliedBy[scope] ?? [])];
  return viewer.scopes.some((held) => granting.includes(held));
}
