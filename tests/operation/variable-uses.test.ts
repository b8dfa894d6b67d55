// `variableUses` of the operation analysis: how often each variable is used, which decides whether the live
// cohorts may leave the cursor variable out of their key (src/live/cohort-key.ts). Too low a count would
// let subscribers whose results differ share one cohort; so every place a variable can hide is named here.
import fc from 'fast-check';
import { Kind, parse, validate, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/operation';
import { buildSchema } from '../../src/schema';
import { fuzzDocument } from './document-fuzzer';

const schema = buildSchema();
const usesOf = (query: string, operationName?: string) =>
  Object.fromEntries(analyse(schema, parse(query), operationName).variableUses);

describe('operation analysis: variable uses, named examples', () => {
  it('counts arguments of the root field, and not the definitions', () => {
    expect(
      usesOf(`subscription ($after: String, $filter: DevelopmentFilter, $unused: Int = 3) {
        developments(after: $after, filter: $filter) { sequence }
      }`),
    ).toEqual({ after: 1, filter: 1 });
  });

  it('counts variables nested in lists and input objects, at any depth', () => {
    expect(
      usesOf(`subscription ($after: String, $a: ID!, $b: ID!, $kinds: [DevelopmentKind!]) {
        developments(after: $after, filter: { actorIds: [$a, $b, $a], kinds: $kinds }) { sequence }
      }`),
    ).toEqual({ after: 1, a: 2, b: 1, kinds: 1 });
    expect(
      usesOf(`mutation ($article: ID!, $quote: String!) {
        recordDevelopment(input: { kind: STATEMENT, summary: $quote, evidence: [{ articleId: $article, quote: $quote }] }) { sequence }
      }`),
    ).toEqual({ article: 1, quote: 2 });
  });

  it('counts nested fields’ arguments, in named fragments once however often they are spread', () => {
    const query = `subscription ($after: String, $n: Int) {
      developments(after: $after) { sequence ...Meetings actors { name } ...Meetings }
    }
    fragment Meetings on Development { actors { meetings(first: $n, after: $after) { totalCount } } }`;
    expect(usesOf(query)).toEqual({ after: 2, n: 1 });
    // A fragment spread from another fragment, and spread again under a condition.
    expect(
      usesOf(`subscription ($after: String, $show: Boolean!) {
        developments(after: $after) { ...Outer ...Inner @include(if: $show) }
      }
      fragment Outer on Development { ...Inner }
      fragment Inner on Development { actors { stances(last: 1, before: $after) { totalCount } } }`),
    ).toEqual({ after: 2, show: 1 });
  });

  it('counts inside inline fragments, with and without a type condition', () => {
    expect(
      usesOf(`subscription ($after: String, $show: Boolean!, $n: Int) {
        developments(after: $after) {
          ... on Development @include(if: $show) { actors { proposals(first: $n) { totalCount } } }
          ... { actors { members(after: $after) { totalCount } } }
        }
      }`),
    ).toEqual({ after: 2, show: 1, n: 1 });
  });

  it('counts directive arguments on fields, inline fragments, spreads and fragment definitions', () => {
    // Validation refuses a String in @skip(if:); the analysis counts it anyway: a use is a use.
    expect(
      usesOf(`subscription ($after: String) {
        developments(after: $after) {
          sequence @skip(if: $after)
          ... @include(if: $after) { summary }
          ...K @skip(if: $after)
        }
      }
      fragment K on Development @custom(value: $after) { kind }`),
    ).toEqual({ after: 5 });
    expect(usesOf(`subscription ($x: Boolean!) @custom(if: $x) { developments { sequence } }`)).toEqual({
      x: 1,
    });
    // The same fragment spread twice without a condition runs once, but its directive is still read.
    expect(
      usesOf(`query ($v: Int) { ...Q ...Q @custom(v: $v) } fragment Q on Query { actors { totalCount } }`),
    ).toEqual({ v: 1 });
  });

  it('counts inside introspection selections and the fragments spread there', () => {
    expect(
      usesOf(`query ($t: String!, $d: Boolean) {
        __type(name: $t) { fields(includeDeprecated: $d) { name } ...T }
      }
      fragment T on __Type { interfaces { fields(includeDeprecated: $d) { name } } }`),
    ).toEqual({ t: 1, d: 2 });
  });

  it('counts only the operation that runs and the fragments it spreads', () => {
    const query = `query A($v: Int) { actors(first: $v) { totalCount } }
      query B($v: Int) { developments(first: $v) { totalCount } ...D }
      fragment D on Query { meetings(first: $v) { totalCount } }`;
    expect(usesOf(query, 'A')).toEqual({ v: 1 });
    expect(usesOf(query, 'B')).toEqual({ v: 2 });
    // No operation runs (two and no name): nothing is used.
    expect(usesOf(query)).toEqual({});
  });

  it('is computed with the structure, once per document shape', () => {
    const document = parse(`subscription ($after: String) { developments(after: $after) { sequence } }`);
    expect(analyse(schema, document, undefined).variableUses).toBe(
      analyse(schema, document, undefined).variableUses,
    );
  });
});

/** Every use of every variable in the document, by graphql-js's own visitor (the walk cohort-key.ts did). */
function usesInDocument(query: string): Record<string, number> {
  const uses: Record<string, number> = {};
  visit(parse(query), {
    VariableDefinition: () => false,
    Variable(node) {
      uses[node.name.value] = (uses[node.name.value] ?? 0) + 1;
    },
  });
  return uses;
}

describe('operation analysis: variable uses, properties', () => {
  // Values with variables hidden in lists and objects, placed as field arguments, directive arguments,
  // inside inline fragments and inside named fragments spread one to three times.
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('$v0', '$v1', '$v2', '1', '"s"', 'true', 'null', 'STATEMENT'),
      fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      fc
        .array(fc.tuple(fc.constantFrom('a', 'b', 'c'), tie('value')), { maxLength: 3 })
        .map((fields) => `{ ${fields.map(([name, item]) => `${name}: ${item}`).join(', ')} }`),
    ),
  }));
  const placement = fc.tuple(
    fc.constantFrom('field', 'nested', 'directive', 'inline', 'fragment', 'spread-directive'),
    value,
    fc.integer({ min: 1, max: 3 }),
  );

  it('counts each variable as often as the operation and its fragments name it', () => {
    fc.assert(
      fc.property(fc.array(placement, { minLength: 1, maxLength: 5 }), (placements) => {
        const fragments: string[] = [];
        const parts = placements.map(([where, argument, spreads], index) => {
          const field = `actors(filter: ${argument}) { totalCount }`;
          if (where === 'field') return field;
          if (where === 'nested') return `actor(slug: "x") { meetings(first: ${argument}) { totalCount } }`;
          if (where === 'directive') return `__typename @skip(if: ${argument})`;
          if (where === 'inline') return `... on Query { ${field} }`;
          if (where === 'spread-directive') return `...F${index} @include(if: ${argument})`;
          return Array.from({ length: spreads }, () => `...F${index}`).join(' ');
        });
        placements.forEach(([where, argument], index) => {
          if (where === 'fragment')
            fragments.push(`fragment F${index} on Query { actors(filter: ${argument}) { totalCount } }`);
          if (where === 'spread-directive') fragments.push(`fragment F${index} on Query { __typename }`);
        });
        const query = `query { ${parts.join(' ')} } ${fragments.join(' ')}`;
        const expected: Record<string, number> = {};
        for (const [name] of query.matchAll(/\$v\d/g))
          expected[name.slice(1)] = (expected[name.slice(1)] ?? 0) + 1;
        expect(usesOf(query)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  // In a valid one-operation document every fragment is spread by the operation (an unused one is refused;
  // the fuzzer makes some), so the operation's uses are the document's.
  it('agrees with a walk of the whole document on fuzzed valid one-operation documents', () => {
    let withFragments = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const query = fuzzDocument(schema, seed, {
          maxDepth: 6,
          maxFields: 4,
          ids: ['QWN0b3I6MQ=='],
          slug: 'x',
          fragmentRate: 0.5,
        });
        const document = parse(query);
        fc.pre(validate(schema, document).length === 0);
        if (document.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION))
          withFragments += 1;
        expect(usesOf(query)).toEqual(usesInDocument(query));
      }),
      { numRuns: 200 },
    );
    expect(withFragments).toBeGreaterThan(50);
  });
});
