import fc from 'fast-check';
import { Kind, parse, validate, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRequest } from '../../src/operation';
import { buildSchema } from '../../src/schema';
import { startTestApp, type TestApp } from '../support/app';
import { createDenseWorld } from '../support/dense-world';
import { globalId } from '../support/fixtures';
import { countObjects, fuzzDocument, type FuzzOptions } from './document-fuzzer';

const schema = buildSchema();

/** Field, inline fragment and spread nodes in the whole document: its size as the analysis sees it. */
function selectionCount(query: string): number {
  let count = 0;
  visit(parse(query), {
    enter(node) {
      if (
        node.kind === Kind.FIELD ||
        node.kind === Kind.INLINE_FRAGMENT ||
        node.kind === Kind.FRAGMENT_SPREAD
      )
        count += 1;
    },
  });
  return count;
}

describe('document fuzzer: the analysis works in time linear in the document', () => {
  const options: FuzzOptions = {
    maxDepth: 8,
    maxFields: 5,
    ids: [globalId('Actor', 1), globalId('Meeting', 1)],
    slug: 'x',
    fragmentRate: 0.5,
  };

  it('visits each selection at most once to build the structure and once to evaluate it', () => {
    let largest = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, flag) => {
        const query = fuzzDocument(schema, seed, options);
        const size = selectionCount(query);
        largest = Math.max(largest, size);
        const { structure, figures } = analyseRequest({
          schema,
          document: parse(query),
          variableValues: { flag },
        });
        expect(structure.work).toBeLessThanOrEqual(size);
        expect(figures.work).toBeLessThanOrEqual(size);
      }),
      { numRuns: 300 },
    );
    // The generator makes documents large enough to matter (fragments spread again and again).
    expect(largest).toBeGreaterThan(100);
  });
});

describe('document fuzzer: the cost bounds what the server returns', () => {
  let app: TestApp;
  let options: FuzzOptions;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    const world = await createDenseWorld(app);
    options = {
      maxDepth: 6,
      maxFields: 3,
      ids: [
        globalId('Actor', world.actors[0].id),
        globalId('Meeting', world.meetings[0].id),
        globalId('Proposal', world.proposals[0].id),
        globalId('Article', world.article.id),
      ],
      slug: 'dense-actor-0',
      fragmentRate: 0.3,
    };
  }, 120_000);
  afterAll(() => app?.stop());

  it('never returns more objects than the computed cost, on a fixture where every list is longer than its cap', async () => {
    let executed = 0;
    let largest = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), async (seed, flag) => {
        const query = fuzzDocument(schema, seed, options);
        const document = parse(query);
        if (validate(schema, document).length) return;
        const { figures } = analyseRequest({ schema, document, variableValues: { flag } });
        const response = await app.graphql<Record<string, unknown>>(query, { flag });
        if (!response.data) return; // refused before it ran (cost, page size, document limits)
        executed += 1;
        const returned = countObjects(response.data);
        largest = Math.max(largest, returned);
        expect(returned).toBeLessThanOrEqual(figures.cost);
      }),
      // A fixed seed (FC_SEED overrides it): the coverage checks below must not depend on the draw.
      { numRuns: 120, seed: Number(process.env.FC_SEED ?? 20261201) },
    );
    // Most generated documents must really run, and some must return a lot, or this proves nothing.
    expect(executed).toBeGreaterThan(60);
    expect(largest).toBeGreaterThan(200);
  }, 300_000);
});
