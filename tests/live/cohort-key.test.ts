// The cohort key leaves out a cursor variable only when the operation analysis counts one use of it (the
// cursor argument itself); tests/live/subscriptions.test.ts shows the shared cohort over graphql-ws.
import { parse, type ExecutionArgs, type FieldNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cohortKey, cursorOnlyVariables } from '../../src/live/cohort-key';
import { analyse } from '../../src/operation';
import { buildSchema } from '../../src/schema';

const schema = buildSchema();

/** Two subscribers of one document resuming from different cursors: their keys, and what was left out. */
function keysOf(query: string, extra: Record<string, unknown> = {}) {
  const document = parse(query);
  const structure = analyse(schema, document, undefined);
  const root = structure.root.items.find((item) => item.kind === 'field')!.node as FieldNode;
  const args = (after: string): ExecutionArgs => ({
    schema,
    document,
    variableValues: { after, ...extra },
  });
  const leftOut = cursorOnlyVariables(args('c1'), root, 'after');
  const key = (after: string) => cohortKey(args(after), 'public', structure.printed, leftOut);
  return { leftOut: [...leftOut], same: key('c1') === key('c2') };
}

describe('cohort keys and the cursor variable', () => {
  it('leave out a variable used only as the cursor argument: resuming subscribers share a cohort', () => {
    expect(
      keysOf(`subscription ($after: String, $filter: DevelopmentFilter) {
        developments(after: $after, filter: $filter) { sequence ...D }
      }
      fragment D on Development { actors { name } }`),
    ).toEqual({ leftOut: ['after'], same: true });
  });

  it.each([
    [
      'a named fragment’s nested argument',
      `subscription ($after: String) { developments(after: $after) { ...D } }
       fragment D on Development { actors { meetings(first: 1, after: $after) { totalCount } } }`,
    ],
    [
      'an inline fragment’s argument',
      `subscription ($after: String) { developments(after: $after) { ... on Development { actors { stances(before: $after) { totalCount } } } } }`,
    ],
    [
      'a directive',
      `subscription ($after: String) { developments(after: $after) { sequence @skip(if: $after) } }`,
    ],
    [
      'an input object in another argument',
      `subscription ($after: String) { developments(after: $after, filter: { meetingId: $after }) { sequence } }`,
    ],
  ])('keep it when it is also used in %s: the results may differ', (_, query) => {
    expect(keysOf(query)).toEqual({ leftOut: [], same: false });
  });

  it('leave nothing out when the cursor is a literal', () => {
    expect(keysOf(`subscription { developments(after: "x") { sequence } }`).leftOut).toEqual([]);
  });
});
