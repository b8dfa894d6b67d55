import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Refuses a request body over `limit` bytes with 413 before the GraphQL server reads it.
 *
 * Yoga's own limit (`maxRequestBodySize`) pipes every body through a web TransformStream to count its
 * bytes, and the abort controllers and stream plumbing of that pipe cost about a sixth of the server's
 * time per cold point read (bench/speed-work.md, "A point read is one round trip"). A declared Content-Length needs no counting: node's
 * HTTP parser never delivers more body than it announces, so the header alone decides. Only a chunked
 * body is counted, as it arrives, and handed on already read.
 */
export function limitRequestBody(handler: RequestListener, limit: number): RequestListener {
  return (request, response) => {
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > limit) tooLarge(request, response);
      else handler(request, response);
      return;
    }
    if (request.headers['transfer-encoding'] === undefined) {
      handler(request, response);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        request.off('data', onData).off('end', onEnd);
        tooLarge(request, response);
      }
    };
    const onEnd = () => {
      // As a stream, not a Buffer: Yoga's adapter takes a pre-read body only if it has own keys (an empty
      // Buffer has none, and it would wait for the spent request forever) and lists a Buffer's keys byte by byte.
      (request as IncomingMessage & { body?: Readable }).body = Readable.from(chunks);
      handler(request, response);
    };
    request.on('data', onData).on('end', onEnd);
  };
}

function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  // The rest of the body is never read, so the connection cannot carry another request.
  response.shouldKeepAlive = false;
  response.once('finish', () => request.destroy());
  response.writeHead(413, {
    'content-type': 'application/graphql-response+json; charset=utf-8',
    connection: 'close',
  });
  response.end(
    JSON.stringify({
      errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }],
    }),
  );
}
