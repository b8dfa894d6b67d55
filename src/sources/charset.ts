import iconv from 'iconv-lite';

/**
 * Decodes a fetched document to text. The byte order mark wins (as in the WHATWG encoding standard), then
 * the Content-Type header's charset, then what the document says of itself (an XML prolog's encoding, an
 * HTML meta charset or http-equiv within the first 2 KB), then UTF-8. Many Arabic sites still send
 * windows-1256 with no header charset, declaring it only in a meta tag.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  const bom = bomEncoding(body);
  if (bom) return iconv.decode(body.subarray(bom.length), bom.encoding);
  const declared = [charsetOf(contentType), sniffDeclared(body)].find(
    (label): label is string => !!label && iconv.encodingExists(label),
  );
  return iconv.decode(body, declared ?? 'utf-8');
}

function bomEncoding(body: Buffer): { encoding: string; length: number } | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function charsetOf(contentType: string | undefined): string | null {
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return match ? match[1].toLowerCase() : null;
}

function sniffDeclared(body: Buffer): string | null {
  // Declarations are ASCII in every encoding a news site uses; latin1 reads the bytes one to one.
  const head = body.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1].toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta ? meta[1].toLowerCase() : null;
}
