import { ValidationError, type FieldPath } from './domain/errors';
import { decodeCanonicalBase64, MAX_ROW_ID, quoted, readRowId } from './global-ids';

/**
 * The one cursor codec: every connection's `after`/`before` is read here, strictly, before anything
 * reaches SQL. Lives outside `schema/` so that the read path (`src/read/`) uses it as well.
 *
 * The formats are the ones clients already hold, written byte for byte as Pothos writes them (a test pins
 * that): Prisma-backed connections (`GPC:N:<id>`, or `GPC:T:["N:<a>","N:<b>"]` for a two-column key),
 * offset connections (`OffsetConnection:<n>`, the `search` field) and the live log (`development:<sequence>`,
 * base64url). Every integer is a decimal without sign, exponent or leading zero; ids and sequences are at
 * most 2^31-1 (32-bit columns), and an offset at most MAX_PAGE_SIZE × MAX_PAGES: nobody pages 100 pages
 * deep through search results, and an unbounded offset is an unbounded LIMIT.
 */
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGES = 100;
export const MAX_OFFSET = MAX_PAGE_SIZE * MAX_PAGES;

export type CursorKind = 'key' | 'keyPair' | 'offset' | 'sequence';

interface CursorShape {
  key: number;
  keyPair: [number, number];
  offset: number;
  sequence: number;
}

/** Longer than any cursor this server writes; longer input is refused before decoding. */
const maxCursorLength = 128;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function readBounded(text: string, max: number): number | null {
  if (text === '0') return 0;
  const value = readRowId(text);
  return value !== null && value <= max ? value : null;
}

const formats: {
  [K in CursorKind]: { encode(value: CursorShape[K]): string; decode(value: string): CursorShape[K] | null };
} = {
  key: {
    encode: (id) => base64(`GPC:N:${id}`),
    decode: (value) => {
      const text = decodeCanonicalBase64(value);
      return text?.startsWith('GPC:N:') ? readRowId(text.slice(6)) : null;
    },
  },
  keyPair: {
    encode: ([a, b]) => base64(`GPC:T:["N:${a}","N:${b}"]`),
    decode: (value) => {
      const match = /^GPC:T:\["N:(\d{1,10})","N:(\d{1,10})"\]$/.exec(decodeCanonicalBase64(value) ?? '');
      const a = match ? readRowId(match[1]) : null;
      const b = match ? readRowId(match[2]) : null;
      return a !== null && b !== null ? [a, b] : null;
    },
  },
  offset: {
    encode: (offset) => base64(`OffsetConnection:${offset}`),
    decode: (value) => {
      const text = decodeCanonicalBase64(value);
      return text?.startsWith('OffsetConnection:') ? readBounded(text.slice(17), MAX_OFFSET) : null;
    },
  },
  sequence: {
    encode: (sequence) => Buffer.from(`development:${sequence}`, 'utf8').toString('base64url'),
    decode: (value) => {
      const text = decodeCanonicalBase64(value, 'base64url');
      return text?.startsWith('development:') ? readBounded(text.slice(12), MAX_ROW_ID) : null;
    },
  },
};

export function encodeCursor<K extends CursorKind>(kind: K, value: CursorShape[K]): string {
  return formats[kind].encode(value);
}

/** The cursor's value, or a BAD_USER_INPUT error at `field` naming what was expected. */
export function decodeCursor<K extends CursorKind>(
  kind: K,
  value: unknown,
  field: FieldPath,
): CursorShape[K] {
  const decoded =
    typeof value === 'string' && value.length <= maxCursorLength ? formats[kind].decode(value) : null;
  if (decoded === null) {
    const what =
      kind === 'offset' ? `an offset cursor of at most ${MAX_OFFSET} rows` : `a ${describe[kind]} cursor`;
    throw ValidationError.at(field, `${quoted(value)} is not ${what}`);
  }
  return decoded;
}

const describe: Record<CursorKind, string> = {
  key: 'connection',
  keyPair: 'connection',
  offset: 'search',
  sequence: 'developments',
};
