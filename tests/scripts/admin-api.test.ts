import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError, adminApi, serverAnswers } from '../../scripts/lib/admin-api';
import { closedPort } from '../support/cli';

// Real HTTP servers on 127.0.0.1 answering as a broken, a foreign or a refusing admin API would.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (request: IncomingMessage, body: string, response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
}

const answer =
  (status: number, type: string, text: string) => (_: unknown, __: string, response: ServerResponse) =>
    response.writeHead(status, { 'content-type': type }).end(text);

const closedUrl = async () => `http://127.0.0.1:${await closedPort()}/graphql`;

async function failure(promise: Promise<unknown>): Promise<AdminApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AdminApiError);
  return error as AdminApiError;
}

describe('the admin API client of the CLIs', () => {
  it('POSTs the query and variables with the key as a bearer token and returns the data', async () => {
    const seen: { method?: string; authorization?: string; type?: string; body?: unknown }[] = [];
    const url = await serve((request, body, response) => {
      seen.push({
        method: request.method,
        authorization: request.headers.authorization,
        type: request.headers['content-type'],
        body: JSON.parse(body),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"sources":[]}}');
    });
    const data = await adminApi(url, 'gzn_key')<{ sources: unknown[] }>('{ sources { id } }', { a: 1 });
    expect(data).toEqual({ sources: [] });
    expect(seen).toEqual([
      {
        method: 'POST',
        authorization: 'Bearer gzn_key',
        type: 'application/json',
        body: { query: '{ sources { id } }', variables: { a: 1 } },
      },
    ]);
  });

  it('says that no server answers, and why, when nothing listens', async () => {
    const url = await closedUrl();
    const error = await failure(adminApi(url, 'k')('{ sources { id } }'));
    expect(error.code).toBe('SERVER_DOWN');
    expect(error.message).toContain(`No server answers at ${url} (`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('npm run dev');
  });

  it('says the server did not answer in time when it holds the request', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const error = await failure(adminApi(url, 'k', { timeoutMs: 200 })('{ sources { id } }'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(`The server at ${url} did not answer within 200 ms`);
  });

  it('reports an answer that is not JSON with its status, type and beginning', async () => {
    const page = `<html><body>Bad gateway${' '.repeat(300)}</body></html>`;
    const url = await serve(answer(502, 'text/html', page));
    const error = await failure(adminApi(url, 'k')('{ sources { id } }'));
    expect(error.code).toBe('BAD_ANSWER');
    expect(error.message).toContain(`The server at ${url} answered HTTP 502 (text/html)`);
    expect(error.message).toContain('<html><body>Bad gateway');
    expect(error.message).not.toContain('</html>');
  });

  it('reports JSON that is not a GraphQL result', async () => {
    const url = await serve(answer(200, 'application/json', '{"status":"ok"}'));
    const error = await failure(adminApi(url, 'k')('{ sources { id } }'));
    expect(error.code).toBe('BAD_ANSWER');
    expect(error.message).toContain('HTTP 200 (application/json)');
    expect(error.message).toContain('{\\"status\\":\\"ok\\"}');
  });

  it("gives the first GraphQL error's extensions.code as code and message prefix, whatever the status", async () => {
    const errors = [
      { message: 'Not allowed.', extensions: { code: 'FORBIDDEN' } },
      { message: 'Also this.', extensions: { code: 'NOT_FOUND' } },
    ];
    const url = await serve(answer(403, 'application/graphql-response+json', JSON.stringify({ errors })));
    const error = await failure(adminApi(url, 'k')('{ apiKeys { prefix } }'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('FORBIDDEN: Not allowed. (and 1 more error(s))');

    const partial = await serve(
      answer(200, 'application/json', JSON.stringify({ data: { x: null }, errors: [{ message: 'Boom.' }] })),
    );
    const uncoded = await failure(adminApi(partial, 'k')('{ x }'));
    expect(uncoded.code).toBe('ERROR');
    expect(uncoded.message).toBe('ERROR: Boom.');
  });

  it('tells a listening server from a closed port', async () => {
    expect(await serverAnswers(await serve(answer(404, 'text/plain', 'no')))).toBe(true);
    expect(await serverAnswers(await closedUrl())).toBe(false);
  });
});
