import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './enums';
import './evidence';
import './actor';
import './meeting';
import './proposal';
import './stance';
import './development';
import './article';
import './ingest';
import './review-queue';
import './proposed';
import './search';
import './api-key';
import './source';

builder.queryType({
  description: 'Negotiation data: actors, meetings, proposals, articles and the live log.',
});
builder.subscriptionType({ description: 'Live data, over graphql-ws or server-sent events.' });
builder.mutationType({
  description: 'Writes. Each runs in one transaction and announces its developments after commit.',
});

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false });
  return schema;
}

/** The SDL committed as schema.graphql; sorted so that moving code around does not change it. */
export function printSchemaSDL(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}

export type { GraphQLContext } from './context';
export { developmentsLiveField } from './development';
