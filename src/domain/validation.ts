import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { ValidationError, type FieldPath } from './errors';

/** Parses input with a zod schema; every issue becomes a field path under `prefix`. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: FieldPath = ['input'],
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')],
      message: issue.message,
    })),
  );
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

export const datePrecision = z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']);

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
  change: z.enum(['UPDATE', 'CORRECTION']).optional(),
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
