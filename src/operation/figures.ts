import { GraphQLError, Kind, valueFromASTUntyped, type DirectiveNode, type ValueNode } from 'graphql';
import type { FieldPlan, OperationStructure, SetPlan } from './structure';

export interface PageRules {
  maxPageSize: number;
  /** The page a connection returns when the request gives neither `first` nor `last`. */
  defaultPageSize: number;
}

export const defaultPageRules: PageRules = { maxPageSize: 100, defaultPageSize: 20 };

/** What one request of an operation amounts to, once its variables are known. */
export interface OperationFigures {
  /**
   * The most objects the operation can return: every object field counts one per item, a plain list
   * its cap, a connection its page (`first`/`last`, else the default page), `nodes(ids:)` its ids,
   * multiplied down the nesting.
   */
  cost: number;
  /**
   * The root fields that run, after fragments and @skip/@include, by response key: the executor runs each
   * key once, merging the selections of all its plans.
   */
  rootFields: ReadonlyMap<string, readonly FieldPlan[]>;
  /** The first bad page or id argument, refused before anything runs. */
  problem: GraphQLError | null;
  /** Items visited to compute these figures (each fragment once); the fuzz tests bound it. */
  work: number;
}

type Variables = Readonly<Record<string, unknown>>;

/** Whether @skip/@include let a selection run with these variables (as the executor decides). */
export function conditionsHold(conditions: readonly DirectiveNode[], variables: Variables): boolean {
  for (const directive of conditions) {
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if');
    if (!argument) continue;
    const value = valueOf(argument.value, variables);
    if (directive.name.value === 'skip' && value === true) return false;
    if (directive.name.value === 'include' && value === false) return false;
  }
  return true;
}

function valueOf(node: ValueNode, variables: Variables): unknown {
  return node.kind === Kind.VARIABLE ? variables[node.name.value] : valueFromASTUntyped(node, variables);
}

/** The variables a request sends, completed with the operation's defaults. */
export function withDefaults(
  structure: OperationStructure,
  variables: Variables | null | undefined,
): Variables {
  if (!structure.variableDefaults.size) return variables ?? {};
  const completed: Record<string, unknown> = { ...variables };
  for (const [name, value] of structure.variableDefaults)
    if (completed[name] === undefined) completed[name] = valueFromASTUntyped(value, {});
  return completed;
}

/** Per set: objects counted for it once, and objects counted per item of the enclosing connection's page. */
interface SetCost {
  fixed: number;
  perPage: number;
}

export function computeFigures(
  structure: OperationStructure,
  rawVariables: Variables | null | undefined,
  rules: PageRules = defaultPageRules,
): OperationFigures {
  const variables = withDefaults(structure, rawVariables);
  const costs = new Map<SetPlan, SetCost>();
  let problem: GraphQLError | null = null;
  let work = 0;
  // The response path being evaluated: a shared fragment is evaluated at its first spread, so errors name that path.
  const path: string[] = [];

  const refuse = (plan: FieldPlan, argument: string, message: string) => {
    problem ??= new GraphQLError(message, {
      nodes: [plan.node],
      extensions: { code: 'BAD_USER_INPUT', field: [...path, argument] },
    });
  };

  const pageSize = (plan: FieldPlan, first: ValueNode | null, last: ValueNode | null): number => {
    const sizes: number[] = [];
    for (const [name, node] of [
      ['first', first],
      ['last', last],
    ] as const) {
      if (!node) continue;
      const value = valueOf(node, variables);
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > rules.maxPageSize) {
        refuse(plan, name, `${name} must be between 1 and ${rules.maxPageSize}`);
        return rules.maxPageSize;
      }
      sizes.push(value);
    }
    if (sizes.length === 2) {
      // GitHub's rule: with both, the page would be `first` items cut to their `last`, which nobody means.
      refuse(plan, 'last', 'Pass first or last, not both');
      return Math.max(...sizes);
    }
    return sizes[0] ?? rules.defaultPageSize;
  };

  const idCount = (plan: FieldPlan, ids: ValueNode, max: number): number => {
    const value = valueOf(ids, variables);
    const count = Array.isArray(value) ? value.length : value === null || value === undefined ? 0 : 1;
    if (count > max) refuse(plan, 'ids', `ids takes at most ${max} ids`);
    return Math.min(count, max);
  };

  const costOf = (set: SetPlan): SetCost => {
    const known = costs.get(set);
    if (known) return known;
    const cost: SetCost = { fixed: 0, perPage: 0 };
    // Set before the items are read: a fragment cycle (refused by validation) counts nothing more.
    costs.set(set, cost);
    for (const item of set.items) {
      work += 1;
      if (!conditionsHold(item.conditions, variables)) continue;
      if (item.kind === 'group') {
        const inner = costOf(item.set);
        cost.fixed += inner.fixed;
        cost.perPage += inner.perPage;
        continue;
      }
      const { size } = item;
      if (size.kind === 'leaf') continue;
      path.push(item.responseKey);
      const child = item.children ? costOf(item.children) : { fixed: 0, perPage: 0 };
      switch (size.kind) {
        case 'one':
          cost.fixed += 1 + child.fixed;
          break;
        case 'page':
          cost.perPage += 1 + child.fixed;
          break;
        case 'connection':
          cost.fixed += 1 + child.fixed + child.perPage * pageSize(item, size.first, size.last);
          break;
        case 'list':
          cost.fixed += size.cap * (1 + child.fixed);
          break;
        case 'ids':
          cost.fixed += idCount(item, size.ids, size.max) * (1 + child.fixed);
          break;
      }
      path.pop();
    }
    return cost;
  };

  const rootCost = costOf(structure.root);
  const rootFields = new Map<string, FieldPlan[]>();
  const seen = new Set<SetPlan>();
  const collectRoot = (set: SetPlan) => {
    if (seen.has(set)) return;
    seen.add(set);
    for (const item of set.items) {
      if (!conditionsHold(item.conditions, variables)) continue;
      if (item.kind === 'group') collectRoot(item.set);
      else rootFields.set(item.responseKey, [...(rootFields.get(item.responseKey) ?? []), item]);
    }
  };
  collectRoot(structure.root);
  return { cost: rootCost.fixed, rootFields, problem, work };
}
