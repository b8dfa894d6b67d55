import type { WriteRecord } from './checker';
import type { Endpoint } from './subscribers';

/** One attempt of a write: where it went, and what came back. */
export interface Attempt {
  process: string;
  sentAt: number;
  endedAt: number | null;
  /** ok; network (no answer: reset, refused, timed out); or the GraphQL error code. */
  outcome: 'ok' | 'network' | string | null;
}

export interface WriteState extends WriteRecord {
  tries: Attempt[];
  /** recordedAt of the entry the answer named (ms), to tell which attempt committed it. */
  recordedAt: number | null;
  /** A refusal that no retry can change (BAD_USER_INPUT, CONFLICT…): a soak bug, reported. */
  rejected: string | null;
}

type Operation = 'recordDevelopment' | 'reviseDevelopment' | 'addArticle' | 'acceptCandidate';

const developmentFields = 'id sequence recordedAt';
const mutations: Record<Operation, string> = {
  recordDevelopment: `mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { ${developmentFields} } }`,
  reviseDevelopment: `mutation ($input: ReviseDevelopmentInput!) { reviseDevelopment(input: $input) { ${developmentFields} } }`,
  addArticle: `mutation ($input: AddArticleInput!) { addArticle(input: $input) { created article { id candidates(first: 5) { edges { node { id status } } } } } }`,
  acceptCandidate: `mutation ($input: AcceptCandidateInput!) { acceptCandidate(input: $input) { id development { ${developmentFields} } } }`,
};

/** Codes a real client retries (the same key, so a retry after a commit it never heard of replays it). */
const retryable = new Set([
  'SERVICE_UNAVAILABLE',
  'IDEMPOTENCY_KEY_IN_USE',
  'TIMEOUT',
  'INTERNAL_SERVER_ERROR',
  'RATE_LIMITED',
  'HTTP',
]);

// Long summaries so that the slow subscriber's backlog (it selects them) outgrows its buffers quickly.
const filler = 'ض'.repeat(1900); // summaries may hold 2000 characters
/** An article the extractor finds a meeting in (a candidate to accept), unique per key (bodies are deduplicated). */
const articleBody = (key: string) =>
  `التقى رئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني في الدوحة مع المبعوث الأمريكي ستيف ويتكوف لبحث صفقة التبادل ووقف إطلاق النار في غزة. (${key})`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writers on both processes at a steady rate. Each write has an idempotency key and is retried on error
 * with the same key and input, alternating between the processes, until answered (or the drain ends).
 */
export class Writers {
  readonly writes = new Map<string, WriteState>();
  /** Attempts waiting for an answer, by process: the faults wait for one before striking. */
  readonly inFlight = new Map<string, Set<Attempt>>();
  private readonly developments: string[] = [];
  private readonly candidates: string[] = [];
  private counter = 0;
  private timers: NodeJS.Timeout[] = [];
  private pending = new Set<Promise<void>>();
  private giveUpAt = Infinity;

  constructor(
    private readonly endpoints: Endpoint[],
    private readonly token: string,
    private readonly seed: number,
    private readonly random: () => number,
  ) {
    for (const endpoint of endpoints) this.inFlight.set(endpoint.name, new Set());
  }

  inFlightOn(process?: string): number {
    if (process) return this.inFlight.get(process)?.size ?? 0;
    let total = 0;
    for (const set of this.inFlight.values()) total += set.size;
    return total;
  }

  /** Starts `perSecond` new writes a second on each process. */
  start(perSecond: number): void {
    this.endpoints.forEach((endpoint, index) => {
      const timer = setInterval(() => this.launch(index), 1000 / perSecond);
      this.timers.push(timer);
    });
  }

  /** Stops new writes and waits for the ones under way to be answered (retrying), for at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.giveUpAt = Date.now() + timeoutMs;
    while (this.pending.size) await Promise.race([...this.pending]);
  }

  private launch(home: number): void {
    const operation = this.pick();
    const key = `soak-${this.seed}-${this.endpoints[home].name}-${(this.counter += 1)}`;
    const input = this.inputFor(operation, key);
    if (!input) return;
    const state: WriteState = {
      key,
      operation,
      appendsToLog: operation !== 'addArticle',
      acknowledged: false,
      sequence: null,
      attempts: 0,
      tries: [],
      recordedAt: null,
      rejected: null,
    };
    this.writes.set(key, state);
    const run = this.run(state, operation, { ...input, idempotencyKey: key }, home).finally(() =>
      this.pending.delete(run),
    );
    this.pending.add(run);
  }

  private pick(): Operation {
    const roll = this.random();
    if (roll < 0.15 && this.candidates.length) return 'acceptCandidate';
    if (roll < 0.35 && this.developments.length) return 'reviseDevelopment';
    if (roll < 0.5) return 'addArticle';
    return 'recordDevelopment';
  }

  private inputFor(operation: Operation, key: string): Record<string, unknown> | null {
    const summary = `soak ${key} ${filler}`;
    switch (operation) {
      case 'recordDevelopment':
        return { kind: 'STATEMENT', summary };
      case 'reviseDevelopment': {
        const developmentId = this.developments[Math.floor(this.random() * this.developments.length)];
        return { developmentId, change: 'UPDATE', summary };
      }
      case 'addArticle':
        return {
          url: `https://soak.example/${key}`,
          title: `soak ${key}`,
          body: articleBody(key),
          source: 'soak',
          language: 'ar',
        };
      case 'acceptCandidate': {
        const id = this.candidates.shift();
        return id ? { id, summary } : null;
      }
    }
  }

  private async run(state: WriteState, operation: Operation, input: object, home: number): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (Date.now() > this.giveUpAt) return;
      const endpoint = this.endpoints[(home + attempt) % this.endpoints.length];
      const tried: Attempt = { process: endpoint.name, sentAt: Date.now(), endedAt: null, outcome: null };
      state.tries.push(tried);
      state.attempts += 1;
      const inFlight = this.inFlight.get(endpoint.name)!;
      inFlight.add(tried);
      let answer: {
        data?: Record<string, unknown> | null;
        errors?: { extensions?: { code?: string } }[];
      } | null;
      try {
        const response = await fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
          body: JSON.stringify({ query: mutations[operation], variables: { input } }),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        answer = text.startsWith('{') ? JSON.parse(text) : { errors: [{ extensions: { code: 'HTTP' } }] };
      } catch {
        answer = null;
      } finally {
        inFlight.delete(tried);
        tried.endedAt = Date.now();
      }
      if (answer?.data && !answer.errors?.length) {
        tried.outcome = 'ok';
        this.acknowledge(state, operation, answer.data);
        return;
      }
      const code = answer ? (answer.errors?.[0]?.extensions?.code ?? 'UNKNOWN') : 'network';
      tried.outcome = code;
      if (code !== 'network' && !retryable.has(code)) {
        state.rejected = `${code}: ${JSON.stringify(answer?.errors?.[0]).slice(0, 300)}`;
        return;
      }
      await sleep(Math.min(100 * 2 ** attempt, 1000));
    }
  }

  private acknowledge(state: WriteState, operation: Operation, data: Record<string, unknown>): void {
    state.acknowledged = true;
    type Dev = { id: string; sequence: number; recordedAt: string };
    let development: Dev | null = null;
    if (operation === 'addArticle') {
      const payload = data.addArticle as {
        article: { candidates: { edges: { node: { id: string; status: string } }[] } };
      };
      for (const edge of payload.article.candidates.edges)
        if (edge.node.status === 'NEEDS_REVIEW') this.candidates.push(edge.node.id);
    } else if (operation === 'acceptCandidate') {
      development = (data.acceptCandidate as { development: Dev }).development;
    } else {
      development = data[operation] as Dev;
    }
    if (development) {
      state.sequence = development.sequence;
      state.recordedAt = Date.parse(development.recordedAt);
      if (operation === 'recordDevelopment') this.developments.push(development.id);
    }
  }
}
