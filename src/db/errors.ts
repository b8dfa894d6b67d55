import {
  ConflictError,
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  TimeoutError,
} from '../domain/errors';

/**
 * The one translation of database failures into typed errors: Prisma's known request errors (unique,
 * foreign key, missing row) and an unreachable database. Anything else is returned as it is, unexpected.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown })?.code;
  const meta = (error as { meta?: Record<string, unknown> })?.meta;
  if (code === 'P2002') {
    const target =
      meta?.target ?? (meta?.driverAdapterError as { cause?: { constraint?: unknown } })?.cause?.constraint;
    return new ConflictError(`A record with the same ${describeTarget(target)} already exists`);
  }
  if (code === 'P2003') return new NotFoundError('Referenced record', 'in input');
  if (code === 'P2025') return new NotFoundError('Record', 'in input');
  if (isConnectionFailure(error)) return new ServiceUnavailableError();
  if (isStatementTimeout(error)) return new TimeoutError();
  return error;
}

/** PostgreSQL's query_canceled (57014), as pg raises it or as Prisma's driver adapter wraps it. */
export function isStatementTimeout(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current);) {
    seen.add(current);
    const { code, originalCode, message } = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
    };
    if (code === '57014' || originalCode === '57014') return true;
    if (typeof message === 'string' && message.includes('canceling statement due to statement timeout'))
      return true;
    current =
      (current as { cause?: unknown }).cause ??
      (current as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return false;
}

function describeTarget(target: unknown): string {
  if (Array.isArray(target)) return target.join(', ');
  if (target && typeof target === 'object' && 'fields' in target)
    return String((target as { fields: unknown }).fields);
  return typeof target === 'string' ? target : 'key';
}

/** The driver, Prisma or PGlite saying the database cannot be reached (as opposed to refusing a statement). */
export function isConnectionFailure(error: unknown): boolean {
  const text = `${(error as { code?: unknown })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017|DatabaseNotReachable|Connection terminated|connect ENOENT|terminating connection/i.test(
    text,
  );
}
