import fc from 'fast-check';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyse, analyseRequest } from '../../src/operation';
import { computeFigures } from '../../src/operation/figures';
import { buildSchema } from '../../src/schema';
import { propertyRuns } from '../support/run-profile';

const schema = buildSchema();

/** Figures as analyseRequest gives them, next to a fresh computation for the same variables. */
function both(document: ReturnType<typeof parse>, variableValues: Record<string, unknown>) {
  const given = analyseRequest({ schema, document, variableValues }).figures;
  const fresh = computeFigures(analyse(schema, document, undefined), variableValues);
  return { given, fresh };
}

const plain = (figures: ReturnType<typeof computeFigures>) => ({
  cost: figures.cost,
  problem: figures.problem?.message ?? null,
  field: figures.problem?.extensions.field ?? null,
  roots: [...figures.rootFields.keys()],
});

describe('figures computed once per operation when they read no variable', () => {
  it('keeps one set of figures for an operation whose variables set no page, id list or condition', () => {
    const document = parse(
      `query P($id: ID!) { actor(id: $id) { name proposals(first: 10) { totalCount } } }`,
    );
    const first = analyseRequest({ schema, document, variableValues: { id: 'a' } }).figures;
    const second = analyseRequest({ schema, document, variableValues: { id: 'b' } }).figures;
    expect(second).toBe(first);
    expect(plain(second)).toEqual(plain(computeFigures(analyse(schema, document, undefined), { id: 'b' })));
  });

  it('does not keep figures with a problem: each request gets its own error', () => {
    const document = parse(`{ actors(first: 500) { totalCount } }`);
    const first = analyseRequest({ schema, document, variableValues: {} }).figures;
    const second = analyseRequest({ schema, document, variableValues: {} }).figures;
    expect(first.problem?.message).toMatch(/first must be between/);
    expect(second.problem).not.toBe(first.problem);
  });

  it('gives the figures of every request’s own variables when they set pages, id lists or conditions', () => {
    const documents = [
      `query Q($n: Int) { actors(first: $n) { totalCount edges { node { meetings(first: 5) { totalCount } } } } }`,
      `query Q($n: Int = 3) { actors(first: $n) { totalCount } }`,
      `query Q($skip: Boolean!, $n: Int) { actors(first: 2) { totalCount } meetings(first: $n) @skip(if: $skip) { totalCount } }`,
      `query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      `query Q($x: Boolean!) { actors(first: 4) @include(if: $x) { totalCount } }`,
    ].map((text) => parse(text));
    const variables = fc.record(
      {
        n: fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constant(null)),
        skip: fc.boolean(),
        x: fc.boolean(),
        ids: fc.array(fc.string({ maxLength: 3 }), { maxLength: 120 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(documents.length - 1), variables), { minLength: 1, maxLength: 8 }),
        (requests) => {
          for (const [index, values] of requests) {
            const { given, fresh } = both(documents[index], values);
            expect(plain(given)).toEqual(plain(fresh));
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});
