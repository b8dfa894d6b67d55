import { z } from 'zod';
import type { Source } from '../../generated/prisma/client';
import { knownLanguages } from './articles';
import { write, type DomainContext } from './context';
import { ConflictError, NotFoundError } from './errors';
import { idempotentWrite } from './idempotency';
import { id, parseInput, requiredText, type DomainInput } from './validation';

export type { Source };

const feedUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without credentials');

const timeZone = z
  .string()
  .trim()
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Gaza');

/** From one minute (politeness) to one day. */
const pollIntervalSeconds = z
  .number()
  .int()
  .min(60, 'must be at least 60')
  .max(86_400, 'must be at most 86400');

const sourceFields = {
  name: requiredText(200),
  language: z.enum(knownLanguages, { message: `must be one of ${knownLanguages.join(', ')}` }),
  timeZone,
  pollIntervalSeconds,
  enabled: z.boolean(),
  fullTextAllowed: z.boolean(),
};

export const addSourceInput = z.object({
  feedUrl,
  name: sourceFields.name,
  language: sourceFields.language.default('ar'),
  timeZone: timeZone.default('Asia/Gaza'),
  pollIntervalSeconds: pollIntervalSeconds.default(900),
  enabled: z.boolean().default(true),
  fullTextAllowed: z.boolean().default(false),
});
export type AddSourceInput = DomainInput<typeof addSourceInput>;

export const updateSourceInput = z.object({
  id,
  name: sourceFields.name.nullish(),
  language: sourceFields.language.nullish(),
  timeZone: timeZone.nullish(),
  pollIntervalSeconds: pollIntervalSeconds.nullish(),
  enabled: z.boolean().nullish(),
  fullTextAllowed: z.boolean().nullish(),
});
export type UpdateSourceInput = DomainInput<typeof updateSourceInput>;

/** A new source is due at once (nextPollAt defaults to now); the caller wakes the poller. */
export async function addSource(ctx: DomainContext, rawInput: AddSourceInput): Promise<{ sourceId: number }> {
  const input = parseInput(addSourceInput, rawInput);
  const result = await write(ctx, idempotentWrite(ctx, 'addSource', input), async (tx) => {
    const existing = await tx.source.findUnique({ where: { feedUrl: input.feedUrl }, select: { id: true } });
    if (existing) throw new ConflictError(`A source with this feed URL exists already`, ['input', 'feedUrl']);
    const source = await tx.source.create({
      data: { ...input, nextPollAt: new Date() },
      select: { id: true },
    });
    return { sourceId: source.id };
  });
  ctx.onSourcesChanged?.();
  return result;
}

/** Changes what is given; enabling a source (or changing its interval) makes it due at once. */
export async function updateSource(
  ctx: DomainContext,
  rawInput: UpdateSourceInput,
): Promise<{ sourceId: number }> {
  const input = parseInput(updateSourceInput, rawInput);
  const result = await write(ctx, idempotentWrite(ctx, 'updateSource', input), async (tx) => {
    const existing = await tx.source.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!existing) throw new NotFoundError('Source', input.id, ['input', 'id']);
    const changes = Object.fromEntries(
      Object.entries(input).filter(([key, value]) => key !== 'id' && value !== null && value !== undefined),
    );
    const due = input.enabled === true || input.pollIntervalSeconds != null;
    await tx.source.update({
      where: { id: input.id },
      data: { ...changes, ...(due ? { nextPollAt: new Date(), consecutiveFailures: 0 } : {}) },
    });
    return { sourceId: input.id };
  });
  ctx.onSourcesChanged?.();
  return result;
}

/** Removes a source; its articles stay (their sourceId becomes null, their `source` name remains). */
export async function removeSource(
  ctx: DomainContext,
  rawInput: { id: number },
): Promise<{ sourceId: number }> {
  const input = parseInput(z.object({ id }), rawInput);
  return write(ctx, idempotentWrite(ctx, 'removeSource', input), async (tx) => {
    const deleted = await tx.source.deleteMany({ where: { id: input.id } });
    if (deleted.count === 0) throw new NotFoundError('Source', input.id, ['id']);
    return { sourceId: input.id };
  });
}
