// The CLIs' one way to call a running server's admin GraphQL API over HTTP (`npm run apikey`, `npm run
// sources`). Every way the call can fail becomes an AdminApiError whose message names the server and what
// went wrong, so each CLI prints it as it is: nothing listening, no answer in time, an answer that is not
// GraphQL JSON, or the GraphQL errors (with their `extensions.code`, which callers can branch on).

export class AdminApiError extends Error {
  constructor(
    message: string,
    /** The first GraphQL error's `extensions.code`; `SERVER_DOWN`, `TIMEOUT` or `BAD_ANSWER` otherwise. */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AdminApiError';
  }
}

export type AdminCall = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

interface GraphQLBody {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/** The message for a server that does not answer; apikey says the same when its probe finds none. */
export function noServerMessage(url: string, reason?: string): string {
  return `No server answers at ${url}${reason ? ` (${reason})` : ''}; start it with npm run dev or npm start`;
}

/** What fetch's failure says, down to the socket error (fetch's own message is only "fetch failed"). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message || cause?.code || (error as Error).message;
}

/** A caller of the admin API at `url` with the admin API key `key`. */
export function adminApi(url: string, key: string, { timeoutMs = 10_000 } = {}): AdminCall {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new AdminApiError(`The server at ${url} did not answer within ${timeoutMs} ms`, 'TIMEOUT', {
          cause: error,
        });
      throw new AdminApiError(noServerMessage(url, reasonOf(error)), 'SERVER_DOWN', { cause: error });
    }
    let body: GraphQLBody | null = null;
    try {
      body = JSON.parse(text) as GraphQLBody;
    } catch {
      // Not JSON: reported below with what did come back.
    }
    if (body?.errors?.length) {
      const [first] = body.errors;
      const code = first.extensions?.code ?? 'ERROR';
      const more = body.errors.length > 1 ? ` (and ${body.errors.length - 1} more error(s))` : '';
      throw new AdminApiError(`${code}: ${first.message ?? 'no message'}${more}`, code);
    }
    if (!body || typeof body !== 'object' || !body.data) {
      const type = response.headers.get('content-type') ?? 'no content type';
      const start = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      throw new AdminApiError(
        `The server at ${url} answered HTTP ${response.status} (${type}) without a GraphQL result: ${JSON.stringify(start)}`,
        'BAD_ANSWER',
      );
    }
    return body.data as T;
  };
}

/** True when something answers HTTP at `url`; false when nothing listens there. */
export async function serverAnswers(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
