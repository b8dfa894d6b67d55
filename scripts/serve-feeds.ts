// Serves the synthetic fixture feeds (tests/fixtures/feeds/) on loopback, to try the poller by hand:
//   npm run serve-feeds -- [--port 4100]
// The server must then run with FEEDS_ALLOW_PRIVATE=true, since loopback is refused by default.
import { parseArgs } from 'node:util';
import { startFeedServer } from '../tests/fixtures/feeds/server';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4100' } } });
const server = await startFeedServer(Number(values.port));
console.log(`Fixture feeds (synthetic texts) on ${server.origin}:`);
for (const path of ['/rss.xml', '/atom.xml', '/rss-1256.xml', '/rss-copy.xml', '/edited.xml', '/etag.xml'])
  console.log(`  ${server.origin}${path}`);
console.log(`POST ${server.origin}/control/edit publishes the edit of /pages/edited.html. Ctrl-C stops.`);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
