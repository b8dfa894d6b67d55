import fc from 'fast-check';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureMergeWork } from '../../src/operation';
import { propertyRuns } from '../support/run-profile';

const unbounded = { maxSelections: Number.MAX_SAFE_INTEGER };
const repeat = (times: number, text: string) => Array.from({ length: times }, () => text).join(' ');

/**
 * The plain model: expand the merged view recursively, exactly as described (same-key fields merged one
 * level down, a fragment once per merged level and never inside itself), with no budget and no stack.
 */
function modelComparisons(document: DocumentNode): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  const level = (sets: SelectionSetNode[], path: Set<string>): number => {
    const keys = new Map<string, { count: number; children: SelectionSetNode[] }>();
    const spread = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const entry = keys.get(key) ?? { count: 0, children: [] };
          entry.count += 1;
          if (selection.selectionSet) entry.children.push(selection.selectionSet);
          keys.set(key, entry);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
        else if (!spread.has(selection.name.value) && !path.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          if (fragment) {
            spread.add(selection.name.value);
            visit(fragment);
          }
        }
      }
    };
    sets.forEach(visit);
    let total = 0;
    const below = new Set([...path, ...spread]);
    for (const { count, children } of keys.values())
      total += (count * (count - 1)) / 2 + (children.length ? level(children, below) : 0);
    return total;
  };
  let total = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION)
      total += level([definition.selectionSet], new Set());
  return total;
}

describe('merge work (what the overlapping-fields rule would compare)', () => {
  it('counts the pairs of one repeated key at every merged level', () => {
    const work = measureMergeWork(
      parse(`{ ${repeat(190, 'actors(first: 1) { edges { node { id } } }')} }`),
      unbounded,
    );
    // actors, edges, node and id each repeat 190 times on their level: 4 × 190·189/2.
    expect(work).toEqual({ comparisons: 4 * 17_955, selections: 760, truncated: false });
  });

  it('sees repeats hidden in named and inline fragments', () => {
    const document = parse(`
      { ...A ...B ... on Query { ...A actors(first: 1) { totalCount } } }
      fragment A on Query { actors(first: 1) { totalCount } }
      fragment B on Query { ... on Query { actors(first: 1) { totalCount } } }`);
    // Operation level: three `actors` (A once, B, the inline one) and their three `totalCount`s; each fragment's
    // own selection set is validated too, with one field each.
    expect(measureMergeWork(document, unbounded).comparisons).toBe(3 + 3);
  });

  it('ends on fragments that spread each other (validation reports the cycle)', () => {
    const document = parse(`
      { actors(first: 1) { edges { node { ...A } } } }
      fragment A on Actor { meetings(first: 1) { edges { node { participants { actor { ...B } } } } } }
      fragment B on Actor { ...A id }`);
    expect(measureMergeWork(document, unbounded).truncated).toBe(false);
  });

  it('stops at its budget on a document whose fragments double at every level', () => {
    const levels = 24;
    const fragments = Array.from(
      { length: levels },
      (_, level) =>
        `fragment F${level} on Actor { a: aliases { actor { ...F${level + 1} } } b: aliases { actor { ...F${level + 1} } } }`,
    ).join('\n');
    const document = parse(
      `{ actors(first: 1) { edges { node { ...F0 } } } }\n${fragments}\nfragment F${levels} on Actor { id }`,
    );
    const work = measureMergeWork(document, { maxSelections: 5_000 });
    expect(work.truncated).toBe(true);
    expect(work.selections).toBe(5_001);
  });

  it('agrees with the plain model on generated documents, and never walks past its budget', () => {
    const names = ['a', 'b', 'c'];
    // Selection sets as text: fields (some aliased to a shared key), inline fragments, spreads of F0..F3.
    const selectionSet: fc.Memo<string> = fc.memo((depth) =>
      fc
        .array(
          fc.oneof(
            {
              weight: 4,
              arbitrary: fc
                .tuple(
                  fc.constantFrom(...names),
                  depth > 1 ? fc.option(selectionSet(depth - 1)) : fc.constant(null),
                )
                .map(([name, child]) => (child ? `${name} ${child}` : name)),
            },
            {
              weight: 1,
              arbitrary: depth > 1 ? selectionSet(depth - 1).map((set) => `... ${set}`) : fc.constant('a'),
            },
            { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }).map((index) => `...F${index}`) },
          ),
          { minLength: 1, maxLength: 5 },
        )
        .map((items) => `{ ${items.join(' ')} }`),
    );
    fc.assert(
      fc.property(
        fc.array(selectionSet(4), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 400 }),
        (sets, maxSelections) => {
          const [operation, ...bodies] = sets;
          const document = parse(
            `query ${operation} ${bodies.map((body, index) => `fragment F${index} on T ${body}`).join(' ')}`,
          );
          const full = measureMergeWork(document, unbounded);
          expect(full.truncated).toBe(false);
          expect(full.comparisons).toBe(modelComparisons(document));
          const bounded = measureMergeWork(document, { maxSelections });
          expect(bounded.selections).toBeLessThanOrEqual(maxSelections + 1);
          expect(bounded.truncated).toBe(full.selections > maxSelections);
        },
      ),
      { numRuns: propertyRuns(300), seed: 20261201 },
    );
  });
});
