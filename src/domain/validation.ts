import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { ValidationError, type FieldPath } from './errors';
import { DevelopmentChange } from '../../generated/prisma/enums';
import { revisionChange } from './vocabulary';

/**
 * Parses input with a zod schema; every issue becomes a field path under `prefix`.
 *
 * GraphQL sends `null` for an optional field as readily as leaving it out. Where the schema cannot take
 * null (a field that cannot be cleared: a new title, a status, a list to replace), null means "not
 * given"; where it can (`nullish`: a summary, a venue), null keeps its meaning of "clear it". So callers
 * pass GraphQL input straight through, and a new field is one edit in the schema.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: DomainInput<T>,
  prefix: FieldPath = ['input'],
): z.infer<T> {
  const result = schema.safeParse(withoutAbsentNulls(schema, input));
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')],
      message: issue.message,
    })),
  );
}

/** A domain function's input as callers may send it: every optional field may also be null. */
export type DomainInput<T extends z.ZodType> = NullableOptionals<z.input<T>>;

type NullableOptionals<T> = T extends Date
  ? T
  : T extends readonly (infer Item)[]
    ? readonly NullableOptionals<Item>[]
    : T extends object
      ? { [K in keyof T]: undefined extends T[K] ? NullableOptionals<T[K]> | null : NullableOptionals<T[K]> }
      : T;

/** The schema inside optional, nullable, default and pipe wrappers: the one that says what a value holds. */
function innerSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    )
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

function withoutAbsentNulls(schema: z.ZodType, value: unknown): unknown {
  const inner = innerSchema(schema);
  if (inner instanceof z.ZodArray && Array.isArray(value))
    return value.map((item) => withoutAbsentNulls(inner.element as z.ZodType, item));
  if (!(inner instanceof z.ZodObject) || value === null || typeof value !== 'object' || value instanceof Date)
    return value;
  const shape = inner.shape as Record<string, z.ZodType>;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const fieldSchema = shape[key];
    if (field === null && fieldSchema && !fieldSchema.safeParse(null).success) continue;
    kept[key] = fieldSchema ? withoutAbsentNulls(fieldSchema, field) : field;
  }
  return kept;
}

/**
 * Text that says something once normalized (src/arabic/normalize.ts, the one normalizer): a value made only
 * of zero-width or bidi marks, tatweel or diacritics is empty to every search, match and reader.
 */
export const visible = (value: string) => normalizeArabic(value).trim().length > 0;
const visibleMessage = 'must not be empty (it holds only invisible marks or diacritics)';

/** Required text: trimmed, visible after normalization, at most `max` characters. */
export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(visible, visibleMessage);

const trimmed = requiredText;

export const text = {
  name: trimmed(200),
  title: trimmed(300),
  summary: trimmed(2000),
  place: trimmed(200),
};

export const id = z.number().int().positive();

/** Dates of negotiation events: not before 1900, not after tomorrow unless the fact is a plan. */
export const eventDate = z.date().refine((date) => date.getUTCFullYear() >= 1900, 'must be in or after 1900');

export function notInFuture(date: Date | null | undefined): boolean {
  return !date || date.getTime() <= Date.now() + 24 * 60 * 60 * 1000;
}

export const evidenceInput = z.object({
  articleId: id,
  quote: z
    .string()
    .min(1, 'must not be empty')
    .max(2000, 'must be at most 2000 characters')
    .refine(visible, visibleMessage),
  startOffset: z.number().int().min(0).optional(),
  /** Without a start offset: which occurrence of the quote is meant (1 = the first). */
  nth: z.number().int().min(1).max(1000).optional(),
});
export type EvidenceInput = z.infer<typeof evidenceInput>;

/** How a write is announced on the live log, when the caller brings its own summary and quotes. */
export const announcementInput = z.object({
  summary: text.summary.optional(),
  reportedAt: eventDate.optional(),
  evidence: z.array(evidenceInput).max(20).default([]),
  /** CORRECTION when the write fixes what was published before (the log then says so). */
  change: revisionChange.exclude([DevelopmentChange.RETRACTION]).optional(),
});

export function slugify(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii || `item-${Date.now().toString(36)}`;
}
