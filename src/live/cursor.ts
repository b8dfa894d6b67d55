import { ValidationError, type FieldPath } from '../domain/errors';

// One cursor format for the developments query and the subscription: the log sequence, opaque to clients.
const prefix = 'development:';

export function encodeCursor(sequence: number): string {
  return Buffer.from(`${prefix}${sequence}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: FieldPath): number {
  const text = /^[A-Za-z0-9_-]{1,64}={0,2}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const sequence = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(sequence) || sequence < 0 || `${prefix}${sequence}` !== text) {
    throw ValidationError.at(field, `"${cursor.slice(0, 80)}" is not a developments cursor`);
  }
  return sequence;
}
