import { ValidationError, type FieldPath } from './domain/errors';

/**
 * The one reader of global ids (`base64("<Type>:<row id>")`, as Pothos' relay plugin writes them) and of
 * the integers inside cursors. Strict on purpose: a loose reader (`Number`, `parseInt`) lets `Actor:1e3`
 * name Actor 1000, `Actor:1.0` Actor 1, and a 40-digit id reach SQL as an out-of-range integer that
 * PostgreSQL rejects with an internal error. Every id column is a 32-bit `Int`, so anything above 2^31-1
 * cannot name a row. Lives outside `schema/` so that the read path (`src/read/`) may use it too.
 */
export const MAX_ROW_ID = 2 ** 31 - 1;

const rowIdPattern = /^[1-9][0-9]{0,9}$/;
const typenamePattern = /^[A-Z][A-Za-z]{0,63}$/;
/** Longest global id we read: `"<64-letter type>:<10 digits>"` in base64, with room to spare. */
const maxGlobalIdLength = 128;

/** A row id written in decimal: no sign, no leading zero, no exponent, at most 2^31-1; otherwise null. */
export function readRowId(text: string): number | null {
  if (!rowIdPattern.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ROW_ID ? id : null;
}

/** Base64 that this server could have written: the standard alphabet, padded, canonical. */
export function decodeCanonicalBase64(
  value: string,
  alphabet: 'base64' | 'base64url' = 'base64',
): string | null {
  const pattern = alphabet === 'base64' ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9_-]*={0,2}$/;
  if (!pattern.test(value)) return null;
  const bytes = Buffer.from(value, alphabet);
  if (bytes.toString(alphabet) !== value) return null;
  const text = bytes.toString('utf8');
  // Not UTF-8 (the decoder replaced bytes): no cursor or id of ours.
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

export function encodeGlobalId(typename: string, id: number | string | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/** The type and row id of a global id, or a BAD_USER_INPUT error at `field`. */
export function decodeGlobalId(value: unknown, field: FieldPath): { typename: string; id: number } {
  const text =
    typeof value === 'string' && value.length <= maxGlobalIdLength ? decodeCanonicalBase64(value) : null;
  const colon = text ? text.indexOf(':') : -1;
  const typename = text && colon > 0 ? text.slice(0, colon) : '';
  const id = text && colon > 0 ? readRowId(text.slice(colon + 1)) : null;
  if (!typenamePattern.test(typename) || id === null)
    throw ValidationError.at(field, `${quoted(value)} is not a valid id`);
  return { typename, id };
}

/** The row id of a global id of one of the expected types; anything else is an input error at `field`. */
export function parseGlobalId(
  value: unknown,
  expected: string | readonly string[],
  field: FieldPath,
): number {
  const types: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  const { typename, id } = decodeGlobalId(value, field);
  if (!types.includes(typename))
    throw ValidationError.at(field, `${quoted(value)} is not the id of ${types.join(' or ')}`);
  return id;
}

/** A short, printable rendering of a client's value for an error message. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
