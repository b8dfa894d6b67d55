import type { Db } from '../db/client';
import type { SqlReader } from '../read/driver';
import type { DomainContext } from '../domain/context';
import type { ApiKeyAdmin } from './api-key';
import type { Viewer } from './scopes';

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
  /** Names the request in logs and in masked errors (x-request-id). */
  requestId: string;
}
