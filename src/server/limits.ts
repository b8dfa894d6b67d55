import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { analyseRequest, type OperationArgs, type PageRules } from '../operation';
import { useOperationGuard } from './guard';

export interface PageLimits extends PageRules {
  /** The most objects one operation may return, as the operation analysis counts them (its `cost`). */
  maxNodes: number;
}

export const defaultPageLimits: PageLimits = { maxPageSize: 100, defaultPageSize: 20, maxNodes: 100_000 };

/**
 * Page sizes, id lists and the worst-case node count, checked before anything runs. Variables are known
 * here, unlike in validation rules, so `first: $n` is checked as strictly as `first: 500`.
 */
export function pageLimitError(args: OperationArgs, limits: PageLimits): GraphQLError | null {
  const { figures } = analyseRequest(args, limits);
  if (figures.problem) return figures.problem;
  if (figures.cost <= limits.maxNodes) return null;
  return new GraphQLError(
    `This operation could return up to ${figures.cost} nodes; the limit is ${limits.maxNodes}. Ask for smaller pages.`,
    { extensions: { code: 'QUERY_TOO_COSTLY', cost: figures.cost, maxCost: limits.maxNodes } },
  );
}

/** Applies the page and cost limits to every operation, over HTTP, SSE and graphql-ws alike. */
export function usePageLimits(limits: PageLimits = defaultPageLimits): Plugin {
  return useOperationGuard((args) => pageLimitError(args, limits));
}
