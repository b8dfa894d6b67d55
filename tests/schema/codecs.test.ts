import SchemaBuilder from '@pothos/core';
import { formatPrismaCursor } from '@pothos/plugin-prisma';
import RelayPlugin, { encodeGlobalID, offsetToCursor } from '@pothos/plugin-relay';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_OFFSET, type CursorKind } from '../../src/cursors';
import { ValidationError } from '../../src/domain/errors';
import { decodeGlobalId, encodeGlobalId, MAX_ROW_ID, parseGlobalId } from '../../src/global-ids';
import StrictInputsPlugin from '../../src/schema/input-plugin';
import { propertyRuns } from '../support/run-profile';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const rowId = fc.integer({ min: 1, max: MAX_ROW_ID });

/** The error a codec throws for `value`, or null when it accepts it. */
function refusal(read: () => unknown): ValidationError | null {
  try {
    read();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
}

/** Spellings of a number that loose readers (Number, parseInt) accept and the strict one must not. */
const looseSpellings = ['1e3', '01', '1.0', '+1', ' 1', '1 ', '0x10', '1_000', '-1', '0', '１', '2147483648'];

describe('global ids', () => {
  it('reads back every id it writes, exactly as Pothos writes it', () => {
    fc.assert(
      fc.property(rowId, fc.constantFrom('Actor', 'Meeting', 'CandidateActor'), (id, typename) => {
        const written = encodeGlobalId(typename, id);
        expect(written).toBe(encodeGlobalID(typename, id));
        expect(decodeGlobalId(written, ['id'])).toEqual({ typename, id });
        expect(parseGlobalId(written, typename, ['id'])).toBe(id);
      }),
    );
  });

  it('refuses loose numbers, ids beyond 32 bits, other types and non-canonical base64, at the field path', () => {
    for (const spelling of [...looseSpellings, '99999999999', '1'.repeat(40), '', '1:2']) {
      const error = refusal(() => parseGlobalId(base64(`Actor:${spelling}`), 'Actor', ['input', 'id']));
      expect(error?.field, spelling).toEqual(['input', 'id']);
    }
    expect(refusal(() => parseGlobalId(base64('Meeting:1'), 'Actor', ['id']))?.message).toMatch(/Actor/);
    // "Actor:1" is QWN0b3I6MQ==; without padding, or with bits in the padding, it is not ours.
    expect(refusal(() => parseGlobalId('QWN0b3I6MQ', 'Actor', ['id']))).not.toBeNull();
    expect(refusal(() => parseGlobalId('QWN0b3I6MR==', 'Actor', ['id']))).not.toBeNull();
    expect(refusal(() => parseGlobalId(12 as unknown as string, 'Actor', ['id']))).not.toBeNull();
  });

  it('accepts nothing but the canonical id of a row (generated strings)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map(base64),
          fc.string().map((s) => base64(`Actor:${s}`)),
        ),
        (value) => {
          const error = refusal(() => parseGlobalId(value, 'Actor', ['id']));
          if (error) return;
          const id = parseGlobalId(value, 'Actor', ['id']);
          expect(value).toBe(encodeGlobalId('Actor', id));
          expect(id).toBeGreaterThanOrEqual(1);
          expect(id).toBeLessThanOrEqual(MAX_ROW_ID);
        },
      ),
      { numRuns: propertyRuns(2000) },
    );
  });
});

describe('cursors', () => {
  it('write byte for byte what Pothos writes, and read it back', () => {
    fc.assert(
      fc.property(rowId, rowId, fc.integer({ min: 0, max: MAX_OFFSET }), (a, b, offset) => {
        expect(encodeCursor('key', a)).toBe(formatPrismaCursor({ id: a }, 'id'));
        expect(encodeCursor('keyPair', [a, b])).toBe(
          formatPrismaCursor({ proposalId: a, actorId: b }, ['proposalId', 'actorId']),
        );
        expect(encodeCursor('offset', offset)).toBe(offsetToCursor(offset));
        expect(decodeCursor('key', encodeCursor('key', a), ['after'])).toBe(a);
        expect(decodeCursor('keyPair', encodeCursor('keyPair', [a, b]), ['after'])).toEqual([a, b]);
        expect(decodeCursor('offset', encodeCursor('offset', offset), ['after'])).toBe(offset);
        expect(decodeCursor('sequence', encodeCursor('sequence', a), ['after'])).toBe(a);
      }),
    );
  });

  it('refuse offsets beyond the page cap times the page count, negative, huge or loosely written', () => {
    for (const offset of [
      '1000000',
      String(MAX_OFFSET + 1),
      '-1',
      '1e20',
      '100000000000000000000',
      '01',
      '1.5',
    ]) {
      const error = refusal(() => decodeCursor('offset', base64(`OffsetConnection:${offset}`), ['after']));
      expect(error?.field, offset).toEqual(['after']);
    }
    for (const key of [...looseSpellings, 'S:1']) {
      expect(refusal(() => decodeCursor('key', base64(`GPC:N:${key}`), ['before']))?.field, key).toEqual([
        'before',
      ]);
    }
    expect(refusal(() => decodeCursor('key', base64('1'), ['after']))).not.toBeNull();
    expect(refusal(() => decodeCursor('keyPair', base64('GPC:T:["N:1","N:1e3"]'), ['after']))).not.toBeNull();
    expect(refusal(() => decodeCursor('sequence', encodeCursor('key', 1), ['after']))).not.toBeNull();
  });

  it('accept nothing but a cursor they could have written (generated strings)', () => {
    const kinds: CursorKind[] = ['key', 'keyPair', 'offset', 'sequence'];
    const prefixes = ['GPC:N:', 'GPC:T:', 'OffsetConnection:', 'development:'];
    const candidate = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom(...prefixes), fc.string()).map(([prefix, rest]) => base64(prefix + rest)),
      fc
        .tuple(fc.constantFrom(...prefixes), fc.oneof(fc.integer(), fc.double()))
        .map(([prefix, n]) => base64(prefix + String(n))),
    );
    fc.assert(
      fc.property(fc.constantFrom(...kinds), candidate, (kind, value) => {
        if (refusal(() => decodeCursor(kind, value, ['after']))) return;
        const decoded = decodeCursor(kind, value, ['after']);
        expect(encodeCursor(kind, decoded as never)).toBe(value);
      }),
      { numRuns: propertyRuns(3000) },
    );
  });
});

describe('the input plugin', () => {
  it("refuses Relay's loose t.globalID outside node/nodes when the schema is built", () => {
    // The builder's option types are the app's (every plugin's options required); this one needs none.
    const builder = new SchemaBuilder<{ Context: object }>({
      plugins: [StrictInputsPlugin, RelayPlugin],
    } as never);
    builder.queryType({
      fields: (t) => ({
        loose: t.boolean({ args: { id: t.arg.globalID({ required: true }) }, resolve: () => true }),
      }),
    });
    expect(() => builder.toSchema()).toThrow(/t\.nodeId/);
  });

  it('refuses a plain t.id input, and accepts t.nodeId', () => {
    const build = (field: 'id' | 'nodeId') => {
      const builder = new SchemaBuilder<{ Context: object }>({
        plugins: [StrictInputsPlugin, RelayPlugin],
      } as never);
      builder.queryType({
        fields: (t) => ({
          one: t.boolean({
            args: {
              id:
                field === 'id'
                  ? t.arg.id({ required: true })
                  : t.arg.nodeId({ for: 'Actor', required: true }),
            },
            resolve: () => true,
          }),
        }),
      });
      return builder.toSchema();
    };
    expect(() => build('id')).toThrow(/t\.nodeId/);
    expect(() => build('nodeId')).not.toThrow();
  });
});
