import { GraphQLError } from 'graphql';
import { analyseRequest, conditionsHold, withDefaults, type OperationArgs, type SetPlan } from '../operation';
import type { Viewer } from '../schema/scopes';

/**
 * Without the `read` scope (PUBLIC_READS=false), a mutation's payload may show only what was written:
 * `id` and the written object's own scalar fields. A payload wrapper (a type named `…Payload`) holds the
 * written object one level down, so its own scalars and that object's scalars are allowed. Anything
 * deeper would read the rest of the graph through the write, so it is refused before anything runs.
 */
export function payloadAccessError(
  args: OperationArgs,
  viewer: Viewer | null | undefined,
): GraphQLError | null {
  const { structure, figures } = analyseRequest(args);
  if (structure.type !== 'mutation') return null;
  const values = withDefaults(structure, args.variableValues);
  const path: string[] = [];
  // A fragment may be spread at several depths; each (set, depth) is checked once.
  const checked = new Map<SetPlan, Set<number>>();

  /** The path of the first selection that goes deeper than `depth` more object levels allow, or null. */
  const check = (set: SetPlan, depth: number): string[] | null => {
    const depths = checked.get(set) ?? new Set<number>();
    if (depths.has(depth)) return null;
    depths.add(depth);
    checked.set(set, depths);
    for (const item of set.items) {
      if (!conditionsHold(item.conditions, values)) continue;
      if (item.kind === 'group') {
        const found = check(item.set, depth);
        if (found) return found;
        continue;
      }
      if (!item.children) continue; // a scalar, an enum or __typename
      path.push(item.responseKey);
      if (depth === 0) return [...path];
      const found = check(item.children, depth - 1);
      if (found) return found;
      path.pop();
    }
    return null;
  };

  for (const item of [...figures.rootFields.values()].flat()) {
    if (!item.children) continue;
    path.length = 0;
    path.push(item.responseKey);
    const wrapper = item.returnType?.name.endsWith('Payload') ?? false;
    const found = check(item.children, wrapper ? 1 : 0);
    if (!found) continue;
    const message = `Reading ${found.join('.')} needs the read scope: without it a mutation returns only what it wrote`;
    return new GraphQLError(message, {
      path: found,
      extensions: viewer
        ? { code: 'FORBIDDEN', http: { status: 403 } }
        : { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return null;
}
