import type { DomainContext } from '../domain/context';
import type { FieldPath } from '../domain/errors';
import { idempotencyRequest } from '../domain/idempotency';
import type { GraphQLContext } from './context';

/** Said of every mutation's `idempotencyKey` (see SECURITY.md, "Retries and idempotency keys"). */
export const idempotencyKeyDescription =
  'Makes a retry safe (1 to 255 characters, e.g. a UUID; not blank, padded or with control characters): for 24 hours, the same key from the same API key with the same input returns the first result and writes nothing; with other input it is refused (IDEMPOTENCY_KEY_REUSED).';

/**
 * The domain context of one mutation: the app's, plus the idempotency key it was sent with, owned by
 * the API key that sent it (the same key from two API keys is two writes), and that key's name (who wrote).
 */
export function writeContext(
  ctx: GraphQLContext,
  key: string | null | undefined,
  field?: FieldPath,
): DomainContext {
  // Scope auth refuses a mutation without an API key before it runs; no viewer, no owner, no key.
  const idempotency = ctx.viewer ? idempotencyRequest(`apikey:${ctx.viewer.keyId}`, key, field) : null;
  return { ...ctx.domain, idempotency, writtenBy: ctx.viewer?.name ?? null };
}
