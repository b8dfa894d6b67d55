// Manages API keys: `npm run apikey -- create --name NAME --scope data:write [--scope ...]`, `list`, `revoke <prefix>`.
// While a server runs it goes through the server's admin mutations (an admin key from --key or API_KEY), so
// it works on the embedded database too (PGlite allows one process) and a revocation ends the key's open
// sockets at once. Only when no server answers does it open the database itself.
// The key is printed once, on creation; only a hash of its secret is stored.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/db/client';
import { applyMigrations } from '../src/db/migrate';
import type { ApiKeyAdmin, ApiKeyRecord } from '../src/schema/api-key';
import { apiScopes, isApiScope, scopeEnumName, type ApiScope } from '../src/schema/scopes';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/server/api-keys';
import { AdminApiError, adminApi, noServerMessage, serverAnswers } from './lib/admin-api';

const usage = `Usage:
  npm run apikey -- create --name NAME --scope SCOPE [--scope SCOPE ...]
  npm run apikey -- list
  npm run apikey -- revoke PREFIX
Options:
  --url URL   the running server's GraphQL endpoint (default http://127.0.0.1:$PORT/graphql)
  --key KEY   an API key with the admin scope for that server (default: the API_KEY environment variable)
With --url the server must answer; without it, the database (DATABASE_URL or PGLITE_DIR) is used directly
when no server answers on the default address.
Scopes: ${apiScopes.join(', ')}`;

class UsageError extends Error {}

/** The server's admin fields, over HTTP. */
function serverKeys(url: string, adminKey: string): ApiKeyAdmin {
  const fields = 'prefix name scopes createdAt lastUsedAt revokedAt';
  const call = adminApi(url, adminKey);
  // Dates arrive as ISO strings and scopes as enum names; turn them back into what the database gives.
  const scopeByName = new Map(apiScopes.map((scope) => [scopeEnumName(scope), scope]));
  type Wire = Omit<ApiKeyRecord, 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'id'> & {
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  };
  const record = (key: Wire): ApiKeyRecord => ({
    ...key,
    id: 0,
    scopes: key.scopes.map((name) => scopeByName.get(name) ?? name),
    createdAt: new Date(key.createdAt),
    lastUsedAt: key.lastUsedAt ? new Date(key.lastUsedAt) : null,
    revokedAt: key.revokedAt ? new Date(key.revokedAt) : null,
  });
  return {
    async list() {
      const data = await call<{ apiKeys: Wire[] }>(`{ apiKeys { ${fields} } }`);
      return data.apiKeys.map(record);
    },
    async create(input) {
      const data = await call<{ createApiKey: { token: string; key: Wire } }>(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { token key { ${fields} } } }`,
        { input: { name: input.name, scopes: input.scopes.map(scopeEnumName) } },
      );
      return { token: data.createApiKey.token, key: record(data.createApiKey.key) };
    },
    async revoke(prefix) {
      try {
        const data = await call<{ revokeApiKey: Wire }>(
          `mutation ($prefix: String!) { revokeApiKey(prefix: $prefix) { ${fields} } }`,
          { prefix },
        );
        return record(data.revokeApiKey);
      } catch (error) {
        if (error instanceof AdminApiError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
  };
}

async function withKeys<T>(
  config: Config,
  options: { url?: string; key?: string },
  use: (keys: ApiKeyAdmin, where: string) => Promise<T>,
): Promise<T> {
  const url = options.url ?? `http://127.0.0.1:${config.port}/graphql`;
  if (await serverAnswers(url)) {
    const adminKey = options.key ?? process.env.API_KEY;
    if (!adminKey)
      throw new UsageError(
        `A server answers at ${url}: pass an admin API key with --key or API_KEY (create the first one with the server stopped).`,
      );
    return use(serverKeys(url, adminKey), `server ${url}`);
  }
  if (options.url) throw new Error(noServerMessage(options.url));
  const database = await openDatabase(config.database);
  try {
    await applyMigrations(database);
    const { prisma } = database;
    const direct: ApiKeyAdmin = {
      list: () => listApiKeys(prisma),
      create: (input) => createApiKey(prisma, input),
      revoke: (prefix) => revokeApiKey(prisma, prefix),
    };
    return await use(direct, 'database');
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      url: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || !['create', 'list', 'revoke'].includes(command)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (command === 'create') {
    if (!values.name || !values.scope?.length) throw new UsageError(usage);
    const unknown = values.scope.filter((scope) => !isApiScope(scope));
    if (unknown.length) throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}\n${usage}`);
  }
  if (command === 'revoke' && !rest[0]) throw new UsageError(usage);

  return withKeys(loadConfig(), values, async (keys) => {
    if (command === 'create') {
      const { token, key } = await keys.create({ name: values.name!, scopes: values.scope as ApiScope[] });
      console.log(`Created API key "${key.name}" (prefix ${key.prefix}, scopes ${key.scopes.join(', ')}).`);
      console.log('Store it now; it cannot be shown again:');
      console.log(token);
      return 0;
    }
    if (command === 'list') {
      const list = await keys.list();
      if (!list.length) console.log('No API keys.');
      for (const key of list) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used';
        console.log(
          `${key.prefix}  ${state.padEnd(33)}  ${key.scopes.join(',').padEnd(40)}  ${used}  ${key.name}`,
        );
      }
      return 0;
    }
    const prefix = rest[0];
    if (!(await keys.revoke(prefix))) {
      console.error(`No active API key with prefix ${prefix}`);
      return 1;
    }
    console.log(`Revoked API key ${prefix}.`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
