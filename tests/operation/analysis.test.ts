import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyse, analyseRequest } from '../../src/operation';
import { buildSchema } from '../../src/schema';
import { listCaps } from '../../src/schema/list-caps';

const schema = buildSchema();
const figuresOf = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  analyseRequest({ schema, document: parse(query), operationName, variableValues: variables });

/** The fan-out document of the issue: 4 levels of fragments, each spreading the next 45 times (about 1.2 KB). */
function fanOut(options: { levels?: number; spreads?: number; wrapped?: boolean } = {}): string {
  const { levels = 4, spreads = 45, wrapped = false } = options;
  // Wrapped: each spread inside its own inline fragment, so that no two spreads are alike.
  const spread = (level: number) =>
    Array.from({ length: spreads }, () => (wrapped ? `... on Query { ...F${level} }` : `...F${level}`)).join(
      ' ',
    );
  const fragments = Array.from({ length: levels }, (_, level) =>
    level === levels - 1
      ? `fragment F${level} on Query { actors(first: 1) { totalCount } }`
      : `fragment F${level} on Query { ${spread(level + 1)} }`,
  );
  return `{ ${spread(0)} } ${fragments.join(' ')}`;
}

describe('operation analysis: named examples', () => {
  it('finds the operation type and name as the executor does', () => {
    const document = parse(`query A { __typename } mutation B { __typename }`);
    expect(analyse(schema, document, 'B')).toMatchObject({ type: 'mutation', name: 'B' });
    expect(analyse(schema, document, 'A')).toMatchObject({ type: 'query', name: 'A' });
    // Two operations and no name: nothing runs.
    expect(analyse(schema, document, undefined).type).toBeNull();
    expect(analyse(schema, parse(`{ __typename }`), undefined)).toMatchObject({ type: 'query', name: null });
  });

  it('memoises the structure per document and operation name', () => {
    const document = parse(`query A { actors { totalCount } } query B { __typename }`);
    expect(analyse(schema, document, 'A')).toBe(analyse(schema, document, 'A'));
    expect(analyse(schema, document, 'A')).not.toBe(analyse(schema, document, 'B'));
  });

  it('counts root mutation fields after named and inline fragments, aliases and @skip/@include', () => {
    const write = (alias: string, directive = '') =>
      `${alias}: recordDevelopment(input: { kind: STATEMENT, summary: "x" }) ${directive} { sequence }`;
    const { figures } = figuresOf(
      `mutation ($off: Boolean!) { ...Outer ${write('e', '@include(if: $off)')} }
       fragment Outer on Mutation { ...Inner ... on Mutation { ${write('c')} ${write('d')} } ...Inner }
       fragment Inner on Mutation { ${write('a')} ${write('b')} }`,
      { off: false },
    );
    expect([...figures.rootFields.keys()]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lists every scoped field, however hidden, and marks introspection', () => {
    const { structure } = figuresOf(
      `mutation { ...W } fragment W on Mutation { ... on Mutation { addArticle(input: { url: "u", title: "t", body: "b", source: "s", language: "ar" }) { created } } }`,
    );
    expect(structure.scopedFields.map((field) => field.name)).toEqual(['addArticle']);
    expect(figuresOf(`{ actors { totalCount } }`).structure.scopedFields).toEqual([]);
    expect(
      figuresOf(`{ ...I } fragment I on Query { __schema { types { name } } }`).structure.introspection,
    ).toBe(true);
    expect(figuresOf(`{ __typename }`).structure.introspection).toBe(false);
  });

  it('refuses first and last together, as GitHub does', () => {
    const { figures } = figuresOf(`{ developments(first: 100, last: 1) { edges { node { id } } } }`);
    expect(figures.problem).toMatchObject({
      message: 'Pass first or last, not both',
      extensions: { code: 'BAD_USER_INPUT', field: ['developments', 'last'] },
    });
    // Through a variable and inside a fragment too.
    const hidden = figuresOf(
      `query ($n: Int) { ...D } fragment D on Query { developments(first: 100, last: $n) { totalCount } }`,
      { n: 1 },
    );
    expect(hidden.figures.problem?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      figuresOf(`query ($n: Int) { developments(first: 5, last: $n) { totalCount } }`).figures.problem,
    ).toBeNull();
  });

  it('counts a plain list as its cap and a connection as its page', () => {
    // 1 connection + 10 × (edge + meeting + participants cap × (participant + actor)).
    const { figures } = figuresOf(
      `{ meetings(first: 10) { edges { node { participants { actor { name } } } } } }`,
    );
    expect(figures.cost).toBe(1 + 10 * (2 + listCaps.participants * 2));
    const mentions = figuresOf(`{ actor(slug: "x") { mentions { quote article { title } } } }`).figures;
    expect(mentions.cost).toBe(1 + listCaps.mentions * 2);
    // A default page when neither first nor last is given.
    expect(figuresOf(`{ actors { edges { node { id } } } }`).figures.cost).toBe(1 + 20 * 2);
  });

  it('counts nodes(ids:) by its ids and refuses more than 100', () => {
    const ids = (count: number) => Array.from({ length: count }, (_, index) => `"id${index}"`).join(', ');
    expect(figuresOf(`{ nodes(ids: [${ids(3)}]) { id } }`).figures.cost).toBe(3);
    expect(
      figuresOf(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ['a', 'b'] }).figures.cost,
    ).toBe(2);
    expect(figuresOf(`{ nodes(ids: [${ids(101)}]) { id } }`).figures.problem).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: ['nodes', 'ids'] },
    });
  });

  it('evaluates @skip/@include and default values of variables per request', () => {
    const query = `query ($big: Boolean = true, $n: Int = 50) {
      a: actors(first: $n) @include(if: $big) { edges { node { id } } }
      b: actors(first: 1) @skip(if: $big) { edges { node { id } } }
    }`;
    const document = parse(query);
    const run = (variableValues: Record<string, unknown>) =>
      analyseRequest({ schema, document, variableValues }).figures.cost;
    expect(run({})).toBe(1 + 50 * 2);
    expect(run({ n: 10 })).toBe(1 + 10 * 2);
    expect(run({ big: false })).toBe(1 + 2);
  });

  it('visits each fragment once: the fan-out document (4 levels × 45 spreads) costs a handful of steps', () => {
    const query = fanOut();
    expect(query.length).toBeLessThan(1300);
    const { structure, figures } = figuresOf(query);
    // The old walker went through the last fragment 45⁴ = 4,100,625 times.
    expect(structure.work).toBeLessThan(250);
    expect(figures.work).toBeLessThan(250);
    const wrapped = figuresOf(fanOut({ wrapped: true }));
    expect(wrapped.structure.work).toBeLessThan(4 * 45 * 2 + 10);
    expect(wrapped.figures.work).toBeLessThan(4 * 45 * 2 + 10);
  });
});
