import type { Plugin } from '@envelop/core';
import { useOperationGuard } from './guard';
import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface PageLimits {
  maxPageSize: number;
  defaultPageSize: number;
  /** The most nodes one request may ask for, counting `first`/`last` multiplied down nested connections. */
  maxNodes: number;
}

export const defaultPageLimits: PageLimits = { maxPageSize: 100, defaultPageSize: 20, maxNodes: 100_000 };

const pageArguments = new Set(['first', 'last']);

/**
 * Checks page sizes and the worst-case node count before anything runs. Variables are known here,
 * unlike in validation rules, so `first: $n` is checked as strictly as `first: 500`.
 */
export function analysePages(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: PageLimits,
): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName)
    )
      operation ??= definition;
  }
  if (!operation) return null;

  let problem: GraphQLError | null = null;
  const visit = (
    selectionSet: SelectionSetNode,
    multiplier: number,
    path: string[],
    seen: Set<string>,
  ): number => {
    let nodes = 0;
    for (const selection of selectionSet.selections) {
      if (problem) return nodes;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          nodes += visit(fragment.selectionSet, multiplier, path, new Set([...seen, fragment.name.value]));
        }
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        nodes += visit(selection.selectionSet, multiplier, path, seen);
        continue;
      }
      const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
      let pageSize: number | null = null;
      for (const argument of selection.arguments ?? []) {
        if (!pageArguments.has(argument.name.value)) continue;
        const value = valueFromASTUntyped(argument.value, variables ?? undefined);
        if (value === null || value === undefined) continue;
        if (
          typeof value !== 'number' ||
          !Number.isInteger(value) ||
          value < 1 ||
          value > limits.maxPageSize
        ) {
          problem = new GraphQLError(`${argument.name.value} must be between 1 and ${limits.maxPageSize}`, {
            nodes: [argument],
            extensions: { code: 'BAD_USER_INPUT', field: [...fieldPath, argument.name.value] },
          });
          return nodes;
        }
        pageSize = value;
      }
      const isConnection = selection.selectionSet?.selections.some(
        (child) => child.kind === Kind.FIELD && child.name.value === 'edges',
      );
      const size = pageSize ?? (isConnection ? limits.defaultPageSize : 1);
      const own = multiplier * size;
      if (pageSize !== null || isConnection) nodes += own;
      if (selection.selectionSet)
        nodes += visit(
          selection.selectionSet,
          pageSize !== null || isConnection ? own : multiplier,
          fieldPath,
          seen,
        );
    }
    return nodes;
  };
  const total = visit(operation.selectionSet, 1, [], new Set());
  if (problem) return problem;
  if (total > limits.maxNodes) {
    return new GraphQLError(
      `This query could return up to ${total} nodes; the limit is ${limits.maxNodes}. Ask for smaller pages.`,
      {
        extensions: { code: 'QUERY_TOO_COSTLY', cost: total, maxCost: limits.maxNodes },
      },
    );
  }
  return null;
}

/** Applies analysePages to every operation, over HTTP, SSE and graphql-ws alike. */
export function usePageLimits(limits: PageLimits = defaultPageLimits): Plugin {
  return useOperationGuard((args) =>
    analysePages(args.document, args.operationName, args.variableValues, limits),
  );
}
