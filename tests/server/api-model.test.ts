// A model-based test of the whole API (issue #13): random sequences of writes (fresh, identical
// repeats, idempotent retries from one and from two API keys, concurrent retries, reused keys, invalid
// and unauthorised writes), reads with the response cache on, live subscribers that disconnect and
// resume over real graphql-ws sockets, and key revocation, all against the real app, checked after
// every step against a plain in-memory model. FC_RUNS=<n> for long runs, FC_SEED=<seed> to replay.
import fc from 'fast-check';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/server/api-keys';
import {
  overSocket,
  overSse,
  readQuery,
  recordMutation,
  resetForRun,
  Subscriber,
  until,
  type LogEntry,
  type RecordResult,
  type RunKeys,
} from '../support/api-model';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';
import { wsClient } from '../support/graphql-ws';
import { propertyRuns } from '../support/run-profile';

type WriterIndex = 0 | 1;
type Transport = 'http' | 'sse' | 'ws';
interface WriteInput {
  kind: string;
  summary: string;
  actors: number[];
}

/** What the API must look like: plain data, no database. */
interface Model {
  start: LogEntry;
  /** Acknowledged writes of this run, in log order; each must be in the log exactly once. */
  entries: LogEntry[];
  keyed: { writer: WriterIndex; key: string; input: WriteInput; entry: LogEntry }[];
  unkeyed: { writer: WriterIndex; input: WriteInput }[];
  revoked: [boolean, boolean];
  /** Per subscriber: the sequence it started after (it must see every later entry once, in order). */
  subscribers: { after: number; cursor: string }[];
  nextKey: number;
}

interface Real {
  app: TestApp;
  url: string;
  keys: RunKeys;
  actorIds: string[];
  subscribers: Subscriber[];
  anonymousSocket: Client | null;
}

const ran = new Map<string, number>();
const runs = propertyRuns(Number(process.env.FC_RUNS ?? 20));

abstract class Step implements fc.AsyncCommand<Model, Real> {
  abstract readonly name: string;
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  abstract act(model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real): Promise<void> {
    ran.set(this.name, (ran.get(this.name) ?? 0) + 1);
    await this.act(model, real);
    await verify(model, real);
  }
  toString(): string {
    return `${this.name}(${JSON.stringify(Object.fromEntries(Object.entries(this).filter(([k]) => k !== 'name')))})`;
  }
}

function variables(real: Real, input: WriteInput, key?: string) {
  return {
    input: {
      kind: input.kind,
      summary: input.summary,
      actorIds: input.actors.map((index) => real.actorIds[index]),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    },
  };
}

/** Sends recordDevelopment as one writer, over HTTP, SSE or the writer's own graphql-ws socket. */
async function send(
  real: Real,
  writer: WriterIndex,
  transport: Transport,
  vars: Record<string, unknown>,
): Promise<RecordResult> {
  const keyHolder = real.keys.writers[writer];
  if (transport === 'http')
    return real.app.graphql(recordMutation, vars, { authorization: `Bearer ${keyHolder.token}` });
  if (transport === 'sse') return overSse(real.app, recordMutation, vars, keyHolder.token);
  keyHolder.socket ??= wsClient(real.url, {
    connectionParams: { authorization: `Bearer ${keyHolder.token}` },
  });
  return overSocket(keyHolder.socket, recordMutation, vars);
}

function acknowledged(model: Model, result: RecordResult): LogEntry {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const entry = result.data!.recordDevelopment!;
  const last = model.entries.at(-1) ?? model.start;
  expect(entry.sequence).toBeGreaterThan(last.sequence);
  model.entries.push(entry);
  return entry;
}

function refused(result: RecordResult, codes: string[]): void {
  expect(result.data?.recordDevelopment ?? null).toBeNull();
  expect(codes).toContain(result.errors?.[0]?.extensions?.code);
}

const freshKey = (model: Model) => `key-${(model.nextKey += 1)}`;
const usable = (model: Readonly<Model>) => model.keyed.filter((write) => !model.revoked[write.writer]);

class Write extends Step {
  readonly name = 'write';
  constructor(
    readonly writer: WriterIndex,
    readonly transport: Transport,
    readonly keyed: boolean,
    readonly input: WriteInput,
  ) {
    super();
  }
  async act(model: Model, real: Real) {
    const key = this.keyed ? freshKey(model) : undefined;
    const sent = send(real, this.writer, this.transport, variables(real, this.input, key));
    if (model.revoked[this.writer]) {
      // A revoked key is refused: over HTTP and SSE with UNAUTHENTICATED, over a new socket at connection (4403).
      if (this.transport === 'ws') await expect(sent).rejects.toThrow(/4403/);
      else refused(await sent, ['UNAUTHENTICATED']);
      return;
    }
    const entry = acknowledged(model, await sent);
    if (key) model.keyed.push({ writer: this.writer, key, input: this.input, entry });
    else model.unkeyed.push({ writer: this.writer, input: this.input });
  }
}

/** The same document and variables again, without a key: a second write, never a cached answer. */
class RepeatIdentical extends Step {
  readonly name = 'repeat identical write';
  constructor(readonly pick: number) {
    super();
  }
  private candidates(model: Readonly<Model>) {
    return model.unkeyed.filter((write) => !model.revoked[write.writer]);
  }
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  async act(model: Model, real: Real) {
    const candidates = this.candidates(model);
    const { writer, input } = candidates[this.pick % candidates.length];
    acknowledged(model, await send(real, writer, 'http', variables(real, input)));
  }
}

class Retry extends Step {
  readonly name = 'idempotent retry';
  constructor(
    readonly pick: number,
    readonly transport: Transport,
  ) {
    super();
  }
  check(model: Readonly<Model>) {
    return usable(model).length > 0;
  }
  async act(model: Model, real: Real) {
    const candidates = usable(model);
    const write = candidates[this.pick % candidates.length];
    const result = await send(real, write.writer, this.transport, variables(real, write.input, write.key));
    expect(result).toEqual({ data: { recordDevelopment: write.entry } });
  }
}

/** Another API key sending the same idempotency key: its own, independent write. */
class RetryFromOtherKey extends Step {
  readonly name = 'same key from another API key';
  constructor(
    readonly pick: number,
    readonly input: WriteInput | null,
  ) {
    super();
  }
  private candidates(model: Readonly<Model>) {
    return model.keyed.filter(
      (write) =>
        !model.revoked[1 - write.writer] &&
        !model.keyed.some((other) => other.writer !== write.writer && other.key === write.key),
    );
  }
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  async act(model: Model, real: Real) {
    const candidates = this.candidates(model);
    const write = candidates[this.pick % candidates.length];
    const writer = (1 - write.writer) as WriterIndex;
    const input = this.input ?? write.input;
    const entry = acknowledged(model, await send(real, writer, 'http', variables(real, input, write.key)));
    expect(entry.id).not.toBe(write.entry.id);
    model.keyed.push({ writer, key: write.key, input, entry });
  }
}

class ConcurrentRetries extends Step {
  readonly name = 'concurrent retries';
  constructor(
    readonly writer: WriterIndex,
    readonly transports: Transport[],
    readonly input: WriteInput,
  ) {
    super();
  }
  check(model: Readonly<Model>) {
    return !model.revoked[this.writer];
  }
  async act(model: Model, real: Real) {
    const key = freshKey(model);
    const vars = variables(real, this.input, key);
    const results = await Promise.all(
      this.transports.map((transport) => send(real, this.writer, transport, vars)),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    const entry = acknowledged(model, results[0]);
    model.keyed.push({ writer: this.writer, key, input: this.input, entry });
  }
}

class ReuseKey extends Step {
  readonly name = 'reused key, other payload';
  constructor(readonly pick: number) {
    super();
  }
  check(model: Readonly<Model>) {
    return usable(model).length > 0;
  }
  async act(model: Model, real: Real) {
    const candidates = usable(model);
    const write = candidates[this.pick % candidates.length];
    const changed = { ...write.input, summary: `${write.input.summary} (changed)` };
    refused(await send(real, write.writer, 'http', variables(real, changed, write.key)), [
      'IDEMPOTENCY_KEY_REUSED',
    ]);
  }
}

const invalidVariants = [
  'blank summary',
  'invisible summary',
  'NUL in summary',
  'id beyond 32 bits',
  'malformed actor id',
  'unknown actor',
  'empty key',
  'keyed unknown actor',
] as const;
class InvalidWrite extends Step {
  readonly name = 'invalid write';
  constructor(
    readonly writer: WriterIndex,
    readonly variant: (typeof invalidVariants)[number],
    readonly transport: Transport,
  ) {
    super();
  }
  check(model: Readonly<Model>) {
    return !model.revoked[this.writer];
  }
  async act(model: Model, real: Real) {
    const base = { kind: 'STATEMENT', summary: 'Invalid on purpose' };
    const [input, code] = {
      'blank summary': [{ ...base, summary: '   ' }, 'BAD_USER_INPUT'],
      'invisible summary': [{ ...base, summary: '\u200b\u200f\u0640' }, 'BAD_USER_INPUT'],
      'NUL in summary': [{ ...base, summary: 'before\u0000after' }, 'BAD_USER_INPUT'],
      'id beyond 32 bits': [{ ...base, actorIds: [globalId('Actor', 2 ** 31)] }, 'BAD_USER_INPUT'],
      'malformed actor id': [{ ...base, actorIds: ['not-an-id'] }, 'BAD_USER_INPUT'],
      'unknown actor': [{ ...base, actorIds: [globalId('Actor', 999_999)] }, 'NOT_FOUND'],
      'empty key': [{ ...base, idempotencyKey: '' }, 'BAD_USER_INPUT'],
      'keyed unknown actor': [
        { ...base, actorIds: [globalId('Actor', 999_999)], idempotencyKey: freshKey(model) },
        'NOT_FOUND',
      ],
    }[this.variant] as [Record<string, unknown>, string];
    refused(await send(real, this.writer, this.transport, { input }), [code]);
  }
}

class UnauthorisedWrite extends Step {
  readonly name = 'unauthorised write';
  constructor(
    readonly who: 'anonymous' | 'read-only key' | 'anonymous socket',
    readonly input: WriteInput,
  ) {
    super();
  }
  async act(_model: Model, real: Real) {
    const vars = variables(real, this.input, `unauthorised-${this.who}`);
    if (this.who === 'anonymous socket') {
      real.anonymousSocket ??= wsClient(real.url);
      refused(await overSocket(real.anonymousSocket, recordMutation, vars), ['UNAUTHENTICATED']);
    } else if (this.who === 'anonymous') {
      refused(await real.app.graphql(recordMutation, vars, { authorization: '' }), ['UNAUTHENTICATED']);
    } else {
      const auth = { authorization: `Bearer ${real.keys.readOnly}` };
      refused(await real.app.graphql(recordMutation, vars, auth), ['FORBIDDEN']);
    }
  }
}

/** A public read, twice (the second from the response cache when nothing changed): it shows every commit. */
class Read extends Step {
  readonly name = 'read';
  async act(model: Model, real: Real) {
    const expected = [model.start, ...model.entries]
      .slice(-100)
      .map(({ id, sequence }) => ({ node: { id, sequence } }));
    for (let round = 0; round < 2; round += 1) {
      const result = await real.app.graphql(readQuery, {}, { authorization: '' });
      expect(result).toEqual({
        data: { developments: { totalCount: model.entries.length + 1, edges: expected } },
      });
    }
  }
}

class Subscribe extends Step {
  readonly name = 'subscribe';
  check(model: Readonly<Model>) {
    return model.subscribers.length < 4;
  }
  async act(model: Model, real: Real) {
    const last = model.entries.at(-1) ?? model.start;
    const subscriber = new Subscriber(real.url);
    real.subscribers.push(subscriber);
    model.subscribers.push({ after: last.sequence, cursor: last.cursor });
    subscriber.start(last.cursor);
  }
}

class Disconnect extends Step {
  readonly name = 'disconnect';
  constructor(readonly pick: number) {
    super();
  }
  check(model: Readonly<Model>) {
    return model.subscribers.length > 0;
  }
  async act(_model: Model, real: Real) {
    const open = real.subscribers.filter((subscriber) => subscriber.open);
    if (open.length) await open[this.pick % open.length].disconnect();
  }
}

class Resume extends Step {
  readonly name = 'resume';
  constructor(readonly pick: number) {
    super();
  }
  check(model: Readonly<Model>) {
    return model.subscribers.length > 0;
  }
  async act(model: Model, real: Real) {
    const closed = real.subscribers
      .map((subscriber, index) => ({ subscriber, index }))
      .filter(({ subscriber }) => !subscriber.open);
    if (!closed.length) return;
    const { subscriber, index } = closed[this.pick % closed.length];
    subscriber.start(subscriber.received.at(-1)?.cursor ?? model.subscribers[index].cursor);
  }
}

class Revoke extends Step {
  readonly name = 'revoke key';
  constructor(readonly writer: WriterIndex) {
    super();
  }
  // Once a few writes exist, so that retries of a revoked key's writes are tried too.
  check(model: Readonly<Model>) {
    return !model.revoked[this.writer] && model.entries.length >= 2;
  }
  async act(model: Model, real: Real) {
    const keyHolder = real.keys.writers[this.writer];
    expect(await revokeApiKey(real.app.database.prisma, keyHolder.prefix)).not.toBeNull();
    model.revoked[this.writer] = true;
    // The socket opened with the key is dropped here; a new one must be refused at connection.
    await keyHolder.socket?.dispose();
    keyHolder.socket = null;
  }
}

/** After every step: the log holds exactly the acknowledged writes, and every subscriber saw them once, in order. */
async function verify(model: Model, real: Real): Promise<void> {
  const rows = await real.app.database.prisma.development.findMany({
    where: { sequence: { gt: model.start.sequence } },
    orderBy: { sequence: 'asc' },
    select: { id: true, sequence: true },
  });
  expect(rows.map((row) => ({ id: globalId('Development', row.id), sequence: row.sequence }))).toEqual(
    model.entries.map(({ id, sequence }) => ({ id, sequence })),
  );
  // Only acknowledged keyed writes keep a key: a refused one (bad input, reused, unauthorised) leaves none.
  expect(await real.app.database.prisma.idempotencyKey.count()).toBe(model.keyed.length);
  for (const [index, subscriber] of real.subscribers.entries()) {
    const expected = model.entries.filter((entry) => entry.sequence > model.subscribers[index].after);
    if (subscriber.open) {
      await until(
        () => subscriber.received.length >= expected.length || subscriber.failure !== null,
        5_000,
        () => `subscriber ${index}: ${subscriber.received.length} of ${expected.length} entries`,
      );
      expect(subscriber.failure).toBeNull();
      expect(subscriber.received.map((entry) => entry.sequence)).toEqual(
        expected.map((entry) => entry.sequence),
      );
    } else {
      const seen = subscriber.received.map((entry) => entry.sequence);
      expect(seen).toEqual(expected.slice(0, seen.length).map((entry) => entry.sequence));
    }
  }
}

const writerIndex = fc.constantFrom<WriterIndex>(0, 1);
const transport = fc.constantFrom<Transport>('http', 'sse', 'ws');
const writeInput: fc.Arbitrary<WriteInput> = fc.record({
  kind: fc.constantFrom('STATEMENT', 'MEETING_HELD', 'TALKS_RESUMED', 'PROPOSAL_TABLED'),
  summary: fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,30}$/),
    fc.constantFrom('وقف إطلاق النار', 'صفقة التبادل'),
  ),
  actors: fc.subarray([0, 1, 2]),
});
const pick = fc.nat(20);
// Repeated entries weigh the draw: writes and their retries often, a revocation (which ends a
// writer's part in the run) rarely.
const write = fc
  .tuple(writerIndex, transport, fc.boolean(), writeInput)
  .map(([w, t, k, i]) => new Write(w, t, k, i));
const repeat = pick.map((p) => new RepeatIdentical(p));
const retry = fc.tuple(pick, transport).map(([p, t]) => new Retry(p, t));
const fromOtherKey = fc.tuple(pick, fc.option(writeInput)).map(([p, i]) => new RetryFromOtherKey(p, i));
const read = fc.constant(null).map(() => new Read());
const subscribe = fc.constant(null).map(() => new Subscribe());
const disconnect = pick.map((p) => new Disconnect(p));
const resume = pick.map((p) => new Resume(p));
const concurrent = fc
  .tuple(writerIndex, fc.array(transport, { minLength: 2, maxLength: 6 }), writeInput)
  .map(([w, t, i]) => new ConcurrentRetries(w, t, i));
const reuse = pick.map((p) => new ReuseKey(p));
const invalid = fc
  .tuple(writerIndex, fc.constantFrom(...invalidVariants), transport)
  .map(([w, v, t]) => new InvalidWrite(w, v, t));
const unauthorised = fc
  .tuple(
    fc.constantFrom<UnauthorisedWrite['who']>('anonymous', 'read-only key', 'anonymous socket'),
    writeInput,
  )
  .map(([who, i]) => new UnauthorisedWrite(who, i));
const revoke = writerIndex.map((w) => new Revoke(w));
const weighted = (weight: number, command: fc.Arbitrary<Step>) =>
  Array.from({ length: weight }, () => command);
const commands = [
  ...weighted(3, write),
  ...weighted(3, repeat),
  ...weighted(2, retry),
  ...weighted(2, fromOtherKey),
  ...weighted(2, read),
  ...weighted(2, concurrent),
  ...weighted(2, reuse),
  ...weighted(1, invalid),
  ...weighted(1, unauthorised),
  ...weighted(2, subscribe),
  ...weighted(2, disconnect),
  ...weighted(3, resume),
  ...weighted(3, revoke),
];
// A named example run first: every kind of command once, in an order where each one applies. The
// generated runs explore from there; the check at the end proves no kind is dead (never applicable).
const example = (input: Partial<WriteInput> = {}): WriteInput => ({
  kind: 'STATEMENT',
  summary: 'Named example',
  actors: [0],
  ...input,
});
const tour: Step[] = [
  new Subscribe(),
  new Write(0, 'http', true, example()),
  new Write(1, 'ws', false, example({ summary: 'Unkeyed', actors: [] })),
  new RepeatIdentical(0),
  new Retry(0, 'sse'),
  new RetryFromOtherKey(0, null),
  new ConcurrentRetries(0, ['http', 'ws', 'sse', 'http', 'ws', 'sse'], example({ summary: 'Six at once' })),
  new ReuseKey(0),
  new InvalidWrite(0, 'keyed unknown actor', 'ws'),
  new UnauthorisedWrite('anonymous socket', example()),
  new Read(),
  new Disconnect(0),
  new Write(0, 'sse', false, example({ summary: 'While away', actors: [1, 2] })),
  new Resume(0),
  new Revoke(1),
  new Write(1, 'http', true, example({ summary: 'After revocation' })),
  new Retry(1, 'ws'),
  new Read(),
];
const commandKinds = [
  'write',
  'repeat identical write',
  'idempotent retry',
  'same key from another API key',
  'concurrent retries',
  'reused key, other payload',
  'invalid write',
  'unauthorised write',
  'read',
  'subscribe',
  'disconnect',
  'resume',
  'revoke key',
];

describe.each(testDatabases())('the whole API against its model on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let actorIds: string[];

  beforeAll(async () => {
    app = await startTestApp(kind, {
      seed: false,
      // The response cache on, as in production; no rate limit in the way of hundreds of writes.
      env: { RESPONSE_CACHE_TTL_MS: '60000', MUTATION_RATE_POINTS: '1000000' },
    });
    url = await app.listen(0, '127.0.0.1');
    const { prisma } = app.database;
    actorIds = [];
    for (const name of ['Qatar', 'Egypt', 'Hamas'])
      actorIds.push(
        globalId(
          'Actor',
          (await prisma.actor.create({ data: { slug: name.toLowerCase(), kind: 'STATE', nameEn: name } })).id,
        ),
      );
  });
  afterAll(() => app?.stop());

  it(`keeps every promise over ${runs} random command sequences`, async () => {
    ran.clear();
    const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const property = fc.asyncProperty(
      fc.commands(commands, { maxCommands: 25, size: 'max' }),
      async (steps) => {
        const { keys, start } = await resetForRun(app);
        const real: Real = { app, url, keys, actorIds, subscribers: [], anonymousSocket: null };
        const model: Model = {
          start,
          entries: [],
          keyed: [],
          unkeyed: [],
          revoked: [false, false],
          subscribers: [],
          nextKey: 0,
        };
        try {
          await fc.asyncModelRun(() => ({ model, real }), steps);
        } finally {
          await Promise.all([
            ...real.subscribers.map((subscriber) => subscriber.disconnect()),
            ...keys.writers.map((writer) => writer.socket?.dispose()),
            real.anonymousSocket?.dispose(),
          ]);
        }
      },
    );
    try {
      // No shrinking by default: a failure prints its seed and path at once (FC_SHRINK=1 to shrink).
      await fc.assert(property, {
        numRuns: runs,
        seed,
        endOnFailure: !process.env.FC_SHRINK,
        examples: [[tour]],
      });
    } catch (error) {
      console.error(`api-model on ${kind} failed: replay with FC_SEED=${seed} (add FC_SHRINK=1 to shrink)`);
      throw error;
    }
    console.info(`api-model on ${kind}, commands run by kind: ${JSON.stringify(Object.fromEntries(ran))}`);
    const missing = commandKinds.filter((name) => !ran.get(name));
    expect(missing, `command kinds that never ran (seed ${seed})`).toEqual([]);
  }, 180_000);
});
