// Manages API keys: `npm run apikey -- create --name NAME --scope data:write [--scope ...]`, `list`, `revoke <prefix>`.
// The key is printed once, on creation; only a hash of its secret is stored.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { applyMigrations } from '../src/db/migrate';
import { apiScopes } from '../src/schema/scopes';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/server/api-keys';

const usage = `Usage:
  npm run apikey -- create --name NAME --scope SCOPE [--scope SCOPE ...]
  npm run apikey -- list
  npm run apikey -- revoke PREFIX
Scopes: ${apiScopes.join(', ')}`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || !['create', 'list', 'revoke'].includes(command)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await applyMigrations(database);
    if (command === 'create') {
      if (!values.name || !values.scope?.length) {
        console.error(usage);
        return 2;
      }
      const { token, key } = await createApiKey(database.prisma, { name: values.name, scopes: values.scope });
      console.log(`Created API key "${key.name}" (prefix ${key.prefix}, scopes ${key.scopes.join(', ')}).`);
      console.log('Store it now; it cannot be shown again:');
      console.log(token);
      return 0;
    }
    if (command === 'list') {
      const keys = await listApiKeys(database.prisma);
      if (!keys.length) console.log('No API keys.');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used';
        console.log(
          `${key.prefix}  ${state.padEnd(33)}  ${key.scopes.join(',').padEnd(40)}  ${used}  ${key.name}`,
        );
      }
      return 0;
    }
    const prefix = rest[0];
    if (!prefix) {
      console.error(usage);
      return 2;
    }
    if (!(await revokeApiKey(database.prisma, prefix))) {
      console.error(`No active API key with prefix ${prefix}`);
      return 1;
    }
    console.log(`Revoked API key ${prefix}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
