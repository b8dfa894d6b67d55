import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError, type FieldPath } from '../domain/errors';

/** Reads a global id of one of the expected types; anything else is an input error at `field`. */
export function parseGlobalId(value: string, expected: string | string[], field: FieldPath): number {
  const types = Array.isArray(expected) ? expected : [expected];
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(value);
  } catch {
    throw ValidationError.at(field, `"${value}" is not a valid id`);
  }
  const numeric = Number(decoded.id);
  if (!types.includes(decoded.typename) || !Number.isSafeInteger(numeric) || numeric <= 0) {
    throw ValidationError.at(field, `"${value}" is not the id of ${types.join(' or ')}`);
  }
  return numeric;
}

export function parseGlobalIds(
  values: readonly string[] | null | undefined,
  expected: string,
  field: FieldPath,
): number[] {
  return (values ?? []).map((value, index) => parseGlobalId(value, expected, [...field, index]));
}
