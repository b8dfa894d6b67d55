/**
 * API key scopes. Mutation fields declare the scope they need with the scope-auth plugin, e.g.
 *
 *   addArticle: t.prismaField({ authScopes: { scope: 'articles:write' }, ... })
 *
 * - `read`            queries and subscriptions, only needed when PUBLIC_READS=false
 * - `data:write`      createActor/updateActor, createMeeting/updateMeeting, createProposal/updateProposal,
 *                     recordStance, recordDevelopment, reviseDevelopment
 * - `articles:write`  addArticle
 * - `review:write`    acceptCandidate, editCandidate, rejectCandidate, acceptCandidateActor, rejectCandidateActor
 * - `admin`           implies every other scope
 */
export const apiScopes = ['read', 'data:write', 'articles:write', 'review:write', 'admin'] as const;
export type ApiScope = (typeof apiScopes)[number];

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}

/** Who is calling: the API key that authenticated the request, or null for anonymous callers. */
export interface Viewer {
  keyId: number;
  /** The key's public prefix, used to name it in logs and as its rate-limit bucket. */
  prefix: string;
  name: string;
  scopes: ApiScope[];
}

export function viewerHasScope(viewer: Viewer | null | undefined, scope: ApiScope): boolean {
  return Boolean(viewer && (viewer.scopes.includes('admin') || viewer.scopes.includes(scope)));
}
