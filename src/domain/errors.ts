// One error type per failure kind. The GraphQL layer turns each into a GraphQLError whose
// extensions carry `code` and, for input problems, the `field` path inside the arguments.
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'SERVICE_UNAVAILABLE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_KEY_IN_USE'
  | 'TIMEOUT';
export type FieldPath = (string | number)[];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: FieldPath,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: FieldPath;
  message: string;
}

export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    const first = issues[0];
    super(
      'BAD_USER_INPUT',
      first ? `${first.field.join('.') || 'input'}: ${first.message}` : 'Invalid input',
      first?.field,
    );
  }

  static at(field: FieldPath, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: number | string, field?: FieldPath) {
    super('NOT_FOUND', `${entity} ${id} does not exist`, field);
  }
}

/** What a client may read about a conflict besides the message (sent as error extensions). */
export type ConflictDetails = Record<string, string | number | null>;

export class ConflictError extends DomainError {
  constructor(
    message: string,
    field?: FieldPath,
    /** Who or what got there first, for a client to show (for example `decidedBy`, `decidedAt`). */
    readonly details?: ConflictDetails,
  ) {
    super('CONFLICT', message, field);
  }
}

/** A statement ran past the database's statement timeout and was cancelled; nothing of it was kept. */
export class TimeoutError extends DomainError {
  constructor(message = 'The database statement took too long and was cancelled; try a smaller request') {
    super('TIMEOUT', message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message = 'The database is unavailable; try again shortly') {
    super('SERVICE_UNAVAILABLE', message);
  }
}

/** The caller sent an idempotency key it used before for a different write. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(field: FieldPath) {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was already used for a different write; use a new key for a new write',
      field,
    );
  }
}

/** A write with the same idempotency key is still running and did not finish within the wait. */
export class IdempotencyKeyInUseError extends DomainError {
  constructor(field: FieldPath) {
    super(
      'IDEMPOTENCY_KEY_IN_USE',
      'A write with this idempotency key is still in progress; retry shortly to get its result',
      field,
    );
  }
}
