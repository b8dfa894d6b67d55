import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * How much work graphql-js' OverlappingFieldsCanBeMerged rule will do on a document, estimated before
 * validation runs (the rule runs inside `validate`, so no validation rule can stop it in time).
 *
 * The rule compares every pair of fields that share a response key in one selection set, fragments and
 * inline fragments merged in, and for each pair compares their sub-selections the same way. Its cost is
 * therefore quadratic in how often one key repeats: 190 copies of `actors(first: 1) { edges { node { id } } }`
 * (6 KB, under every token and alias limit) cost it 72,000 comparisons. This walk builds the same merged
 * view (fields of one key at one level have their selections merged into one level below), counts the pairs
 * it would compare, and stops as soon as the selections visited pass `maxSelections`, so it is linear in its
 * budget whatever the document: fragments that spread each other in a cycle are skipped on the path that
 * already holds them (validation reports the cycle), and a fragment spread twice into one merged level is
 * walked once, as the rule collects it once.
 */
export interface MergeWork {
  /** Pairs of same-key fields the rule would compare, summed over every merged level. */
  comparisons: number;
  /** Field selections visited (each fragment as often as the merged view holds it). */
  selections: number;
  /** The walk stopped at `maxSelections`: the counts are lower bounds. */
  truncated: boolean;
}

export interface MergeBudget {
  maxSelections: number;
}

export function measureMergeWork(document: DocumentNode, budget: MergeBudget): MergeWork {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const roots: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.FRAGMENT_DEFINITION || definition.kind === Kind.OPERATION_DEFINITION)
      roots.push(definition.selectionSet);
  }
  const work: MergeWork = { comparisons: 0, selections: 0, truncated: false };

  // Explicit stack instead of recursion: a deep document must not overflow the call stack before the
  // depth limit (a validation rule) gets to refuse it.
  const pending: { sets: SelectionSetNode[]; path: ReadonlySet<string> }[] = roots.map((set) => ({
    sets: [set],
    path: new Set<string>(),
  }));
  while (pending.length > 0) {
    const level = pending.pop()!;
    const childrenByKey = new Map<string, SelectionSetNode[]>();
    const countByKey = new Map<string, number>();
    const spread = new Set<string>();
    const toVisit = [...level.sets];
    while (toVisit.length > 0) {
      const set = toVisit.pop()!;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (++work.selections > budget.maxSelections) {
            work.truncated = true;
            return work;
          }
          const key = selection.alias?.value ?? selection.name.value;
          const seen = countByKey.get(key) ?? 0;
          work.comparisons += seen;
          countByKey.set(key, seen + 1);
          if (selection.selectionSet) {
            const children = childrenByKey.get(key);
            if (children) children.push(selection.selectionSet);
            else childrenByKey.set(key, [selection.selectionSet]);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          toVisit.push(selection.selectionSet);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || spread.has(name) || level.path.has(name)) continue;
          spread.add(name);
          toVisit.push(fragment.selectionSet);
        }
      }
    }
    const path = spread.size === 0 ? level.path : new Set([...level.path, ...spread]);
    for (const sets of childrenByKey.values()) pending.push({ sets, path });
  }
  return work;
}
