// Manages news feeds through the running server's admin API (so it works on the embedded database too,
// and a new source wakes that server's poller at once):
//   npm run sources -- add FEED_URL --name NAME [--language ar] [--time-zone Asia/Gaza] [--interval 900] [--full-text]
//   npm run sources -- list
//   npm run sources -- enable|disable|remove ID_OR_FEED_URL
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { adminApi } from './lib/admin-api';

const usage = `Usage:
  npm run sources -- add FEED_URL --name NAME [--language ar] [--time-zone ZONE] [--interval SECONDS] [--full-text]
  npm run sources -- list
  npm run sources -- enable|disable|remove ID_OR_FEED_URL
Options:
  --url URL   the running server's GraphQL endpoint (default http://127.0.0.1:$PORT/graphql)
  --key KEY   an API key with the admin scope (default: the API_KEY environment variable)
  --full-text the outlet allows storing and serving its articles' full text (default: the feed's summary only)`;

class UsageError extends Error {}

interface SourceRow {
  id: string;
  feedUrl: string;
  name: string;
  language: string;
  enabled: boolean;
  fullTextAllowed: boolean;
  pollIntervalSeconds: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextPollAt: string;
}

const fields =
  'id feedUrl name language enabled fullTextAllowed pollIntervalSeconds lastSuccessAt lastError consecutiveFailures nextPollAt';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      language: { type: 'string' },
      'time-zone': { type: 'string' },
      interval: { type: 'string' },
      'full-text': { type: 'boolean' },
      url: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, target] = positionals;
  if (values.help || !command || !['add', 'list', 'enable', 'disable', 'remove'].includes(command)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (command !== 'list' && !target) throw new UsageError(usage);
  if (command === 'add' && !values.name) throw new UsageError(`add needs --name\n${usage}`);
  const config = loadConfig();
  const url = values.url ?? `http://127.0.0.1:${config.port}/graphql`;
  const key = values.key ?? process.env.API_KEY;
  if (!key)
    throw new UsageError('Pass an admin API key with --key or API_KEY (npm run apikey -- create ...).');
  const call = adminApi(url, key);

  const list = async () => (await call<{ sources: SourceRow[] }>(`{ sources { ${fields} } }`)).sources;
  const find = async (idOrUrl: string) => {
    const found = (await list()).find((source) => source.id === idOrUrl || source.feedUrl === idOrUrl);
    if (!found) throw new Error(`No source ${idOrUrl}`);
    return found;
  };

  if (command === 'add') {
    const input = {
      feedUrl: target,
      name: values.name,
      language: values.language,
      timeZone: values['time-zone'],
      pollIntervalSeconds: values.interval ? Number(values.interval) : undefined,
      fullTextAllowed: values['full-text'] ?? false,
    };
    const { addSource } = await call<{ addSource: SourceRow }>(
      `mutation ($input: AddSourceInput!) { addSource(input: $input) { ${fields} } }`,
      { input },
    );
    console.log(`Added source ${addSource.id} "${addSource.name}" (${addSource.feedUrl}); polling it now.`);
    return 0;
  }
  if (command === 'list') {
    const sources = await list();
    if (!sources.length) console.log('No sources.');
    for (const source of sources) {
      const state = source.enabled ? 'enabled' : 'disabled';
      const health = source.lastError
        ? `failing x${source.consecutiveFailures}: ${source.lastError}`
        : source.lastSuccessAt
          ? `ok ${source.lastSuccessAt}`
          : 'not polled yet';
      console.log(
        `${source.id}  ${state}  ${source.feedUrl}  "${source.name}"  ${health}  next ${source.nextPollAt}`,
      );
    }
    return 0;
  }
  const source = await find(target);
  if (command === 'remove') {
    await call(`mutation ($id: ID!) { removeSource(id: $id) }`, { id: source.id });
    console.log(`Removed source ${source.id} (${source.feedUrl}); its articles stay.`);
    return 0;
  }
  await call(
    `mutation ($id: ID!, $enabled: Boolean!) { updateSource(input: { id: $id, enabled: $enabled }) { id } }`,
    {
      id: source.id,
      enabled: command === 'enable',
    },
  );
  console.log(`${command === 'enable' ? 'Enabled' : 'Disabled'} source ${source.id} (${source.feedUrl}).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
