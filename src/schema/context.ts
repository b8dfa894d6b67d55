import type { Db } from '../db/client';
import type { DomainContext } from '../domain/context';
import type { Viewer } from './scopes';

/** What every resolver receives. Built per request (HTTP) or per operation (graphql-ws). */
export interface GraphQLContext {
  prisma: Db;
  domain: DomainContext;
  /** The API key behind the request; null for anonymous reads. */
  viewer: Viewer | null;
  /** Names the request in logs and in masked errors (x-request-id). */
  requestId: string;
}
