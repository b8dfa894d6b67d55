import type { Db } from '../db/client';
import type { DomainContext } from '../domain/context';

/** What every resolver receives. Built per request (HTTP) or per operation (graphql-ws). */
export interface GraphQLContext {
  prisma: Db;
  domain: DomainContext;
}
