// Subscriber process: opens N graphql-ws (graphql-transport-ws) sockets to the server and subscribes each
// to the live feed. Raw `ws` rather than the graphql-ws client keeps 5,000 sockets per process cheap.
// Latency = arrival time here − publish time written into the summary by the server (same host clock).
import WebSocket from 'ws';

const [url, countArg, query] = [process.argv[2], process.argv[3], process.argv[4]];
const count = Number(countArg);
const latencies: number[] = [];
const perSocket = new Array<number>(count).fill(0);
const sockets: WebSocket[] = [];
let subscribed = 0;
let failed = 0;
const pattern = /t=(\d+\.\d+)/;

function open(index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    sockets.push(socket);
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('{"type":"connection_ack"') || text.includes('"connection_ack"')) {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        subscribed += 1;
        done();
        return;
      }
      const match = pattern.exec(text);
      if (match) {
        latencies.push(performance.timeOrigin + performance.now() - Number(match[1]));
        perSocket[index] += 1;
      } else if (text.includes('"ping"')) socket.send('{"type":"pong"}');
      else if (text.includes('"error"')) process.send?.({ log: text.slice(0, 300) });
    });
    socket.on('error', () => {
      failed += 1;
      done();
    });
    socket.on('close', done);
  });
}

async function connectAll(): Promise<void> {
  const parallel = 100;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await open(next++);
    }),
  );
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send!({
      type: 'report',
      latencies,
      perSocket: { min: Math.min(...perSocket), max: Math.max(...perSocket) },
      subscribed,
      failed,
    });
    latencies.length = 0;
    perSocket.fill(0);
  }
  if (message.type === 'close') {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});

await connectAll();
process.send!({ type: 'connected', subscribed, failed });
