import type { OperationDefinitionNode } from 'graphql';

/**
 * Plans once per document shape, as Grafast does. What a hand-read field selects (columns, totals) depends
 * only on the document, the operation, where the field stands and the values of boolean variables (which
 * drive @include/@skip); it does not depend on ids, slugs or cursors. So a plan is kept per operation node
 * (Yoga's parser cache hands the same node to every request of one document text; the operation analysis
 * relies on this too) and, inside it, by the field's site (its response path without list indices, each key
 * with its type) and the variables' shape: boolean values as they are, every other value by its JSON type
 * alone.
 *
 * A plan is built from the request that first needs it, so nothing in a plan may depend on non-boolean
 * values. Bounded per operation: a document with boolean variables has at most 2^n shapes.
 */
const plansByOperation = new WeakMap<OperationDefinitionNode, Map<string, unknown>>();
const maxPlansPerOperation = 256;

/** Counts of plans built and reused, for tests and for the bench's notes. */
export const planCacheStats = { built: 0, reused: 0 };

function shapeOf(value: unknown): unknown {
  if (typeof value === 'boolean' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object') {
    const shape: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort())
      shape[key] = shapeOf((value as Record<string, unknown>)[key]);
    return shape;
  }
  return typeof value;
}

/** The variables' shape as a key: boolean values kept, other values reduced to their type. */
export function variablesShape(variables: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(shapeOf(variables));
}

/** The plan for `site` in this operation and variables' shape, built by `build` on first use. */
export function planFor<P>(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  site: string,
  build: () => P,
): P {
  let plans = plansByOperation.get(operation);
  if (!plans) {
    plans = new Map();
    plansByOperation.set(operation, plans);
  }
  const key = `${site}\u0000${variablesShape(variables)}`;
  if (plans.has(key)) {
    planCacheStats.reused += 1;
    return plans.get(key) as P;
  }
  const plan = build();
  planCacheStats.built += 1;
  if (plans.size >= maxPlansPerOperation) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

/**
 * A field's site: its response path with list indices left out (every item of a list shares one plan),
 * each key with the type it is selected on. Under an abstract field (`node`, `nodes`, a union) one response
 * path holds other fields for other types (`x: affiliation { … }` on Actor, `x: actor { … }` on Evidence):
 * keyed by the path alone, one type's page was read with the plan of the other's.
 */
export function siteOf(path: { key: string | number; prev: unknown; typename?: string } | undefined): string {
  const keys: string[] = [];
  for (let at = path; at; at = at.prev as typeof path)
    if (typeof at.key === 'string') keys.push(`${at.key}@${at.typename ?? ''}`);
  return keys.reverse().join('.');
}
