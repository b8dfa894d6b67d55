// Child process for the live-feed scenario: our app built in-process with buildApp, so that
// app.database.statements.count (every SQL statement) and process memory can be read. Subscribers connect
// from other processes over loopback. Controlled over IPC by bench/lib/live.ts.
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/server/app';
import { recordDevelopment } from '../../src/domain/developments';
import pino from 'pino';

const config = loadConfig({
  ...process.env,
  HOST: '127.0.0.1',
  SEED_ON_EMPTY: 'false',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  // Every subscriber process connects from loopback: the per-address cap would stop the run at 50 sockets.
  WS_MAX_SOCKETS_PER_IP: '100000',
  WS_MAX_SOCKETS: '100000',
});
const app = await buildApp(config, { seed: false, logger: pino({ level: 'warn' }) });
const url = await app.listen(config.port, '127.0.0.1');

const gc = (globalThis as { gc?: () => void }).gc;
function snapshot() {
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  return {
    rssMb: memory.rss / 1048576,
    heapUsedMb: memory.heapUsed / 1048576,
    externalMb: memory.external / 1048576,
    statements: app.database.statements.count,
    feed: { ...app.feed.stats },
    cohorts: app.cohorts.stats,
    sockets: app.sockets.clients.size,
  };
}

type Message =
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'publish'; count: number; rate: number; actorIds: number[] };

process.on('message', async (message: Message) => {
  try {
    if (message.type === 'snapshot') {
      process.send!({ id: message.id, result: snapshot() });
      return;
    }
    // A steady rate: event i is due at start + i / rate; the publish time is written into the summary.
    const writeMs: number[] = [];
    const started = performance.now();
    const statementsBefore = app.database.statements.count;
    for (let index = 0; index < message.count; index += 1) {
      const due = started + (index * 1000) / message.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const publishedAt = performance.timeOrigin + performance.now();
      await recordDevelopment(app.domain, {
        kind: 'STATEMENT',
        summary: `bench publish t=${publishedAt.toFixed(3)} #${index}`,
        actorIds: message.actorIds,
      });
      writeMs.push(performance.timeOrigin + performance.now() - publishedAt);
    }
    process.send!({
      id: message.id,
      result: { writeMs, statementsDuringPublish: app.database.statements.count - statementsBefore },
    });
  } catch (error) {
    process.send!({ id: message.id, error: String((error as Error)?.stack ?? error) });
  }
});

process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
process.send!({ ready: true, url });
