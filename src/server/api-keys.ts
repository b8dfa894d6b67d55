import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import { ValidationError } from '../domain/errors';
import type { ApiKeyRecord } from '../schema/api-key';
import { isApiScope, type ApiScope, type Viewer } from '../schema/scopes';

/**
 * API keys look like `gzn_<prefix>_<secret>`. The prefix is stored in clear to find the row and to
 * name the key in logs; only the SHA-256 of the secret is stored, so a database leak reveals no key.
 */
const keyPattern = /^gzn_([0-9a-f]{12})_([A-Za-z0-9_-]{32,128})$/;
const lastUsedResolutionMs = 60_000;

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function parseApiKey(token: string): ParsedApiKey | null {
  const match = keyPattern.exec(token.trim());
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey(): { token: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `gzn_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export type ApiKeySummary = ApiKeyRecord;

const maxNameLength = 100;

/**
 * Creates a key and returns its token: the only time the secret exists outside the caller's hands.
 * Bad input is a ValidationError at `input.name` / `input.scopes`, the argument paths of createApiKey.
 */
export async function createApiKey(
  prisma: Db,
  input: { name: string; scopes: string[] },
): Promise<{ token: string; key: ApiKeySummary }> {
  const name = input.name.trim();
  if (!name) throw ValidationError.at(['input', 'name'], 'an API key needs a name');
  if (name.length > maxNameLength)
    throw ValidationError.at(['input', 'name'], `at most ${maxNameLength} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw ValidationError.at(['input', 'name'], 'no control characters');
  const unknown = input.scopes.filter((scope) => !isApiScope(scope));
  if (unknown.length)
    throw ValidationError.at(['input', 'scopes'], `Unknown scope(s): ${unknown.join(', ')}`);
  if (!input.scopes.length)
    throw ValidationError.at(['input', 'scopes'], 'an API key needs at least one scope');
  const { token, prefix, secretHash } = generateApiKey();
  const key = await prisma.apiKey.create({
    data: { name, prefix, secretHash, scopes: [...new Set(input.scopes)] },
    select: summaryFields,
  });
  return { token, key };
}

const summaryFields = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export function listApiKeys(prisma: Db): Promise<ApiKeySummary[]> {
  return prisma.apiKey.findMany({ select: summaryFields, orderBy: { id: 'asc' } });
}

/** Revokes a key by prefix; returns the revoked key, or null when no active key has that prefix. */
export async function revokeApiKey(prisma: Db, prefix: string): Promise<ApiKeySummary | null> {
  const [revoked] = await prisma.apiKey.updateManyAndReturn({
    where: { prefix, revokedAt: null },
    data: { revokedAt: new Date() },
    select: summaryFields,
  });
  return revoked ?? null;
}

// Compared against when no row matches, so an unknown prefix costs the same work as a wrong secret.
const decoyHash = Buffer.from(hashSecret('decoy'), 'hex');

/** Checks bearer tokens against the ApiKey table. */
export class ApiKeyAuthenticator {
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly prisma: Db,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** The viewer for a valid, unrevoked key; null for anything else. Database failures propagate. */
  async authenticate(token: string): Promise<Viewer | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const row = await this.prisma.apiKey.findUnique({ where: { prefix: parsed.prefix } });
    const expected = row ? Buffer.from(row.secretHash, 'hex') : decoyHash;
    const actual = Buffer.from(hashSecret(parsed.secret), 'hex');
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
    if (!row || !matches || row.revokedAt) return null;
    this.noteUse(row.id, row.prefix);
    return {
      keyId: row.id,
      prefix: row.prefix,
      name: row.name,
      scopes: row.scopes.filter(isApiScope) as ApiScope[],
    };
  }

  /** Records lastUsedAt at most once a minute per key: a write per request would double the load of reads. */
  private noteUse(id: number, prefix: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(prefix) ?? 0) < lastUsedResolutionMs) return;
    this.lastUsedWrites.set(prefix, now);
    const stale = new Date(now - lastUsedResolutionMs);
    // The condition keeps other processes from writing within the same minute too.
    this.prisma.apiKey
      .updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
        data: { lastUsedAt: new Date(now) },
      })
      .catch(this.onError);
  }
}

/** The token from `Authorization: Bearer <key>`; undefined when the header is absent or empty. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header?.trim()) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1] : header.trim();
}
