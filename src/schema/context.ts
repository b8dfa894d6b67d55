import type { Db } from '../db/client';
import type { SqlReader } from '../read/driver';
import type { DomainContext } from '../domain/context';
import type { LiveFeed } from '../live/feed';
import type { ApiKeyAdmin } from './api-key';
import type { Viewer } from './scopes';
import type { ReviewNotices } from '../live/review-notices';

/** What every resolver receives. Built per request (HTTP) or per operation (graphql-ws). */
export interface GraphQLContext {
  prisma: Db;
  /** Hand-written reads on the driver itself, for the hot paths (see src/read/driver.ts). */
  reader: SqlReader;
  domain: DomainContext;
  /** The API key behind the request; null for anonymous reads. */
  viewer: Viewer | null;
  /** Creating, listing and revoking API keys (the admin fields). */
  apiKeys: ApiKeyAdmin;
  /** Changes to the review queue, from every process (the `candidateChanges` subscription). */
  reviewNotices: ReviewNotices;
  /** Names the request in logs and in masked errors (x-request-id). */
  requestId: string;
  /** The live log, for subscriptions served without a cohort (see `Subscription.developments`). */
  live: Pick<LiveFeed, 'events'>;
}

/**
 * The context a live cohort executes every event with (src/live/cohorts.ts): the app's parts of the
 * subscriber's context, and a viewer that holds only the subscriber's scopes. Subscribers with the same
 * scopes share a cohort (`access`); no key id, name or request id of any one of them is kept, so a
 * cohort outlives its first subscriber, its key's revocation included, without acting as that key.
 */
export function cohortContextOf(ctx: GraphQLContext): { access: string; context: GraphQLContext } {
  const scopes = ctx.viewer ? [...new Set(ctx.viewer.scopes)].sort() : [];
  const viewer: Viewer | null =
    ctx.viewer === null ? null : { keyId: 0, prefix: 'live-cohort', name: 'live cohort', scopes };
  return {
    access: ctx.viewer === null ? 'anonymous' : `scopes:${scopes.join(',')}`,
    context: {
      prisma: ctx.prisma,
      reader: ctx.reader,
      domain: ctx.domain,
      apiKeys: ctx.apiKeys,
      reviewNotices: ctx.reviewNotices,
      live: ctx.live,
      viewer,
      requestId: 'live-cohort',
    },
  };
}
