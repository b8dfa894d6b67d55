// The two ways the ticker follows a subscription. Both call sink.open() once connected, sink.next(result)
// per result, sink.error(error, connected) on failure (an array of GraphQL errors when the server refused
// the operation) and sink.complete() when the stream ends; both return a function that stops them.
import { createClient } from '/ticker/assets/graphql-ws.js';

/** graphql-transport-ws, without the client's own retries: the ticker reconnects itself, from its cursor. */
export function subscribeWs({ endpoint, query, variables }, sink) {
  let connected = false;
  const client = createClient({
    url: new URL(endpoint).href.replace(/^http/, 'ws'),
    lazy: true,
    retryAttempts: 0,
    keepAlive: 15_000,
    on: { connected: () => ((connected = true), sink.open()) },
  });
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: sink.next,
      error: (error) => sink.error(error, connected),
      complete: sink.complete,
    },
  );
  return () => {
    unsubscribe();
    void client.dispose();
  };
}

/** GraphQL over server-sent events (Yoga's distinct-connections mode), read from a POST's body. */
export function subscribeSse({ endpoint, query, variables }, sink) {
  const controller = new AbortController();
  let opened = false;
  let watchdog;
  // Yoga pings every 12 s; a silent minute means the connection is dead.
  const feedWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller.abort(new Error('no ping')), 60_000);
  };
  (async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    opened = true;
    sink.open();
    feedWatchdog();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      feedWatchdog();
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trimStart();
        }
        if (event === 'complete') return sink.complete();
        if (data) sink.next(JSON.parse(data));
      }
    }
    sink.complete();
  })()
    .catch((error) => {
      if (!controller.signal.aborted || error?.message === 'no ping') sink.error(error, opened);
    })
    .finally(() => clearTimeout(watchdog));
  return () => controller.abort();
}
