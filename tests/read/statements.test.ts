import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../generated/prisma/client';
import { batchStatement, type PageGroup, type PageShape } from '../../src/read/actor-pages';
import { pointStatement } from '../../src/read/actor-read';
import { listStatement, type ListPlan } from '../../src/read/meeting-list';
import {
  bind,
  clearStatementCaches,
  compile,
  slot,
  statementCacheStats,
  type BoundStatement,
} from '../../src/read/statement';

// The hand-read statements' texts are built once per shape and reused (src/read/statement.ts). A shape
// key that missed something the text depends on would hand one request another's SQL: here every
// statement taken from a warm cache, after other generated requests, must equal the one built afresh
// from an empty cache, and must carry its own request's values.

const int = fc.integer({ min: 1, max: 2 ** 31 - 1 });
// Small domains for everything that shapes a text, so that generated requests often share all of it but
// one part: a key that missed that part would then hand one of them the other's text.
const columnsOf = (names: string[]) =>
  fc.constantFrom(null, ['id'], ['id', ...names].sort(), ['id', names[0]].sort());
const meetingColumns = columnsOf(['title', 'slug', 'occurredAt', 'status', 'summary']);
const proposalColumns = columnsOf(['title', 'status', 'slug']);
const stanceColumns = columnsOf(['position', 'asOf', 'proposalId']);

/** A page as ./paging.ts hands it over; now and then a cursor the strict reading refuses. */
const rawPageFields = {
  kind: fc.constantFrom('meetings' as const, 'proposals' as const, 'stances' as const),
  size: fc.integer({ min: 1, max: 2 }),
  backward: fc.boolean(),
  skip: fc.integer({ min: 0, max: 1 }),
  cursorIds: fc.option(fc.tuple(int, int), { nil: undefined }),
  badCursor: fc.constantFrom(false, false, false, true),
  withTotal: fc.boolean(),
  node: meetingColumns,
  proposalNode: proposalColumns,
  stanceNode: stanceColumns,
  stanceProposal: proposalColumns,
};
const rawPage = fc.record(rawPageFields);
type RawPage = typeof rawPage extends fc.Arbitrary<infer T> ? T : never;

function toShape(raw: RawPage): PageShape {
  const id = raw.badCursor ? 'x' : raw.cursorIds?.[0];
  const cursor =
    raw.cursorIds === undefined
      ? undefined
      : raw.kind === 'proposals'
        ? { proposalId_actorId: { proposalId: id, actorId: raw.cursorIds[1] } }
        : { id };
  const columns =
    raw.kind === 'meetings'
      ? { node: raw.node }
      : raw.kind === 'proposals'
        ? { node: raw.proposalNode }
        : { node: raw.stanceNode, proposal: raw.stanceProposal };
  return {
    kind: raw.kind,
    take: raw.backward ? -raw.size : raw.size,
    skip: raw.skip,
    cursor,
    withTotal: raw.withTotal,
    columns,
  };
}

/**
 * A request and variants of it that each differ in one part: requests that share all but one part of
 * their shape are what a key missing that part would confuse.
 */
function withVariants<T extends object>(raw: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return raw.chain((base) =>
    fc
      .array(fc.tuple(fc.constantFrom(...(Object.keys(base) as (keyof T)[])), raw), {
        minLength: 1,
        maxLength: 10,
      })
      .map((changes) => [base, ...changes.map(([key, other]) => ({ ...base, [key]: other[key] }))]),
  );
}

/** The statement, or the error it fails with. */
function attempt(build: () => BoundStatement | { statement: BoundStatement }) {
  try {
    const built = build();
    return 'statement' in built ? built.statement : built;
  } catch (error) {
    return { error: String(error) };
  }
}

/** Runs each request against a warm cache, then again alone against an empty one: both must agree. */
function sameAsAfresh<T>(requests: T[], statementOf: (request: T) => unknown) {
  clearStatementCaches();
  const warm = requests.map(statementOf);
  const fresh = requests.map((request) => {
    clearStatementCaches();
    return statementOf(request);
  });
  expect(warm).toEqual(fresh);
}

describe('statements built once per shape', () => {
  it('give a point read the text it would get built afresh, with its own values', () => {
    const request = fc.record({
      ...rawPageFields,
      byId: fc.boolean(),
      id: int,
      slug: fc.string({ maxLength: 8 }),
      actorColumns: fc.constantFrom(null, ['id', 'nameEn'], ['id', 'kind', 'nameEn']),
      second: fc.option(rawPage, { nil: null }),
    });
    fc.assert(
      fc.property(withVariants(request), (raws) => {
        const requests = raws.map((raw) => ({
          where: raw.byId ? { id: raw.id } : { slug: raw.slug },
          columns: raw.actorColumns,
          pages: [
            { responseKey: 'a', request: toShape(raw) },
            ...(raw.second ? [{ responseKey: 'b', request: toShape(raw.second) }] : []),
          ],
        }));
        sameAsAfresh(requests, ({ where, pages, columns }) =>
          attempt(() => pointStatement(where, pages, columns)),
        );
        for (const { where, pages, columns } of requests) {
          const { statement, requests: read } = pointStatement(where, pages, columns);
          expect(statement.values).toContain('id' in where ? where.id : where.slug);
          // A refused cursor leaves its page out, every accepted one is read.
          expect(read.length).toBe(pages.filter(({ request }) => acceptedCursor(request)).length);
        }
      }),
    );
  });

  it('give the batched actor pages the text they would get built afresh', () => {
    const batch = fc.record({
      ...rawPageFields,
      actorIds: fc.array(int, { minLength: 1, maxLength: 3 }),
      second: fc.option(rawPage, { nil: null }),
    });
    fc.assert(
      fc.property(withVariants(batch), (raws) => {
        const batches = raws.map((raw) => {
          const groups: PageGroup[] = [
            { shape: toShape(raw), actorIds: raw.actorIds, slots: raw.actorIds.map((_, at) => at) },
          ];
          if (raw.second)
            groups.push({ shape: toShape(raw.second), actorIds: [7], slots: [raw.actorIds.length] });
          return groups;
        });
        sameAsAfresh(batches, (groups) => attempt(() => batchStatement(groups)));
      }),
    );
  });

  it('give the meeting list the text it would get built afresh', () => {
    const plan = fc.record({
      withTotal: fc.boolean(),
      meeting: meetingColumns.map((columns) => columns ?? ['id']),
      participants: fc.option(
        fc.record({
          withActor: fc.boolean(),
          columns: columnsOf(['role', 'actorId', 'meetingId']).map((columns) => columns ?? ['id']),
        }),
        { nil: null },
      ),
    });
    const listRequest = fc.record({
      ...rawPageFields,
      listSize: fc.integer({ min: 1, max: 2 }),
      listBackward: fc.boolean(),
      listSkip: fc.integer({ min: 0, max: 1 }),
      listCursor: fc.option(int, { nil: undefined }),
      cap: fc.integer({ min: 1, max: 2 }),
      withPage: fc.boolean(),
    });
    fc.assert(
      fc.property(plan, withVariants(listRequest), (raw, requests) => {
        const listPlan = (): ListPlan => ({
          withTotal: raw.withTotal,
          nodePath: 'edges.node',
          meeting: raw.meeting,
          participants: raw.participants && {
            key: 'participants',
            columns: raw.participants.columns,
            actor: raw.participants.withActor
              ? { key: 'actor', columns: ['id', 'nameEn'], nodes: [], type: null as never }
              : null,
          },
        });
        const shared = listPlan();
        const statementOf = (request: (typeof requests)[number], onPlan: ListPlan) =>
          attempt(() =>
            listStatement(
              onPlan,
              {
                take: request.listBackward ? -request.listSize : request.listSize,
                skip: request.listSkip,
                cursor: request.listCursor === undefined ? undefined : { id: request.listCursor },
              },
              request.cap,
              request.withPage ? [{ responseKey: 'meetings', request: toShape(request) }] : [],
            ),
          );
        // Warm: one plan for every request, as one document shape has; afresh: a plan of its own each.
        expect(requests.map((request) => statementOf(request, shared))).toEqual(
          requests.map((request) => statementOf(request, listPlan())),
        );
      }),
    );
  });

  it('are reused: the same shape with other values is not built again', () => {
    clearStatementCaches();
    const shape: PageShape = {
      kind: 'meetings',
      take: 6,
      skip: 1,
      cursor: { id: 3 },
      withTotal: true,
      columns: { node: ['id', 'title'] },
    };
    const first = pointStatement({ id: 1 }, [{ responseKey: 'meetings', request: shape }]).statement;
    const built = statementCacheStats.built;
    const second = pointStatement({ id: 2 }, [
      { responseKey: 'meetings', request: { ...shape, cursor: { id: 9 } } },
    ]).statement;
    expect(statementCacheStats.built).toBe(built);
    // The very same text: the driver finds its prepared statement's name without hashing a new string.
    expect(second.text).toBe(first.text);
    expect(first.values).toEqual([3, 1]);
    expect(second.values).toEqual([9, 2]);
  });

  it('refuse a value outside a slot, and a slot without a value', () => {
    expect(() => compile(Prisma.sql`SELECT ${1}`)).toThrow(/outside a slot/);
    expect(() => bind(compile(Prisma.sql`SELECT ${slot('a')}`), {})).toThrow(/no value for slot a/);
    expect(bind(compile(Prisma.sql`SELECT ${slot('a')}, ${slot('a')}`), { a: 5 }).values).toEqual([5, 5]);
  });
});

function acceptedCursor(request: PageShape): boolean {
  if (!request.cursor) return true;
  const key = (request.cursor.proposalId_actorId as Record<string, unknown> | undefined) ?? request.cursor;
  const id = 'proposalId' in key ? key.proposalId : key.id;
  return Number.isSafeInteger(id);
}
