import type { Plugin } from '@envelop/core';
import {
  execute as graphqlExecute,
  getArgumentValues,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLField,
} from 'graphql';
import { analyse, analyseRequest, type FieldPlan } from '../operation';
import type { FeedEvent, LiveFeed } from './feed';
import { cohortKey, cursorOnlyVariables } from './cohort-key';
import { PushQueue } from './queue';

/** How one live root field reads its arguments; supplied by the schema layer. */
export interface LiveFieldSpec<Context> {
  fieldName: string;
  /** Validates the arguments (throwing a typed error for bad input) and says which events the subscriber wants. */
  prepare(
    args: Record<string, unknown>,
    context: Context,
    field: GraphQLField<unknown, unknown>,
  ): Promise<{ matches(event: FeedEvent): boolean; after: number | null }>;
  /**
   * The context a cohort executes with, made from its first subscriber's: only what decides what a
   * subscriber may see (`access`, part of the cohort's key, so subscribers who may see different things
   * never share one), and nothing of that subscriber itself (its key, its request id), which may be
   * revoked or gone while the cohort serves the others.
   */
  cohortContext(context: Context): { access: string; context: Context };
  /** The argument that only says where a stream resumes (see ./cohort-key.ts): it does not split cohorts. */
  cursorArgument?: string;
}

/** What a transport adds to an operation's context for this plugin: graphql-ws' direct writer. */
export interface LiveTransportContext {
  liveSink?: FrameSink;
}

export type Executor = (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult;

/**
 * Writes a subscriber's results straight to its connection, already serialized. With 10,000 subscribers
 * on one cohort, a per-subscriber async iterator and JSON.stringify of the same result cost more CPU
 * than everything else together; a sink turns each delivery into one buffer copy and one socket write.
 */
export interface FrameSink {
  send(payload: Buffer): void;
  /** Payloads sent so far, for the operation's metrics. */
  readonly sent: number;
}

export interface CohortOptions {
  executor?: Executor;
  /** What a result looks like on the wire (errors masked for clients); applied once per event for all sinks. */
  toWire?: (result: ExecutionResult) => ExecutionResult;
  /** Counts results written to sinks; results given to iterators are counted by whoever reads them. */
  onSinkDeliveries?: (count: number, result: ExecutionResult) => void;
  /**
   * Says whether a failed result failed only for now (the database unreachable or too slow): such a result
   * is never delivered, the event is executed again until it succeeds. Delivered, it would move every
   * subscriber past an entry it never got, with no cursor to come back for it (found by npm run soak).
   */
  isTransient?: (result: ExecutionResult) => boolean;
  /** Executions of one event before a failure that stays "for now" ends the cohort's streams (default 16). */
  transientAttempts?: number;
  /**
   * The context one event is executed with, from the cohort's: with replicas, one that reads where the
   * entry's commit has been replayed (default: the cohort's own).
   */
  contextFor?: (context: unknown, event: FeedEvent) => unknown;
}

/** Waits between executions of an event whose result failed for now: 100 ms, doubling, at most 2 s. */
const retryDelayMs = (attempt: number) => Math.min(100 * 2 ** attempt, 2000);
/**
 * Executions of one event before a failure that stays "for now" (about 25 s of waiting) ends the cohort's
 * streams with it instead: the clients resume from their cursor, the cohort does not wait forever.
 */
const defaultTransientAttempts = 16;

/** Subscribers served per turn of the event loop, so that pings, new subscriptions and HTTP keep flowing. */
const deliveriesPerTurn = 500;

/** One event's result for a cohort, serialized at most once whatever the number of sinks. */
class Delivery {
  private payload: Buffer | null = null;

  constructor(
    readonly sequence: number,
    readonly result: ExecutionResult,
    private readonly toWire: (result: ExecutionResult) => ExecutionResult,
    /** The event could not be run (transient failures outlasted the retries): end streams, deliver nothing. */
    readonly failedForNow = false,
  ) {}

  wire(): Buffer {
    this.payload ??= Buffer.from(JSON.stringify(this.toWire(this.result)));
    return this.payload;
  }
}

interface Subscriber {
  queue: PushQueue<ExecutionResult>;
  /** Set for graphql-ws subscribers; the queue then only signals the end of the subscription. */
  sink: FrameSink | null;
  lastSequence: number;
  /** While a resuming client reads its backlog, live results wait here. */
  buffered: Delivery[] | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Subscribers with the same document, variables and scope. Each event is executed once for the cohort
 * and the same result (and, for sinks, the same serialized bytes) goes to every subscriber in it.
 */
class Cohort {
  readonly subscribers = new Set<Subscriber>();
  private chain: Promise<void> = Promise.resolve();
  executions = 0;

  constructor(
    readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly matches: (event: FeedEvent) => boolean,
    private readonly options: Required<CohortOptions>,
  ) {}

  /** Set when the registry closes: a retry loop then gives up (its subscribers are gone). */
  stopped = false;

  async run(event: FeedEvent): Promise<Delivery> {
    for (let attempt = 0; ; attempt += 1) {
      this.executions += 1;
      const result = await Promise.resolve()
        .then(async () => {
          const contextValue = await this.options.contextFor(this.args.contextValue, event);
          return this.options.executor({ ...this.args, contextValue, rootValue: event });
        })
        .catch((error: unknown) => ({
          errors: [asGraphQLError(error)],
        }));
      // Events run one at a time per cohort, so waiting here holds back later events too: order is kept.
      const transient = this.options.isTransient(result);
      if (
        !transient ||
        this.stopped ||
        !this.subscribers.size ||
        attempt + 1 >= this.options.transientAttempts
      )
        return new Delivery(event.sequence, result, this.options.toWire, transient);
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }

  deliver(events: FeedEvent[]): void {
    const wanted = events.filter(this.matches);
    if (!wanted.length) return;
    // Events run one after another so that every subscriber sees them in log order.
    this.chain = this.chain.then(async () => {
      for (const event of wanted) {
        if (!this.subscribers.size) return;
        const delivery = await this.run(event);
        let visited = 0;
        let written = 0;
        // A subscriber that joins while this loop yields has a later lastSequence, so offer() skips it.
        for (const subscriber of this.subscribers) {
          if (offer(subscriber, delivery) === 'sink') written += 1;
          if (++visited % deliveriesPerTurn === 0) await yieldToEventLoop();
        }
        if (written) this.options.onSinkDeliveries(written, delivery.result);
      }
    });
  }
}

/** Hands a delivery to a subscriber unless it already had it; says how it went out. */
function offer(subscriber: Subscriber, delivery: Delivery): 'sink' | 'queue' | 'buffered' | 'skipped' {
  if (subscriber.buffered) {
    subscriber.buffered.push(delivery);
    return 'buffered';
  }
  if (delivery.sequence <= subscriber.lastSequence) return 'skipped';
  if (delivery.failedForNow) {
    endWith(subscriber, delivery.result);
    return 'skipped';
  }
  subscriber.lastSequence = delivery.sequence;
  return emit(subscriber, delivery);
}

function emit(subscriber: Subscriber, delivery: Delivery): 'sink' | 'queue' | 'skipped' {
  // A sink has no closed state of its own: after `complete` its operation id may be reused by the client.
  if (subscriber.queue.closed) return 'skipped';
  if (subscriber.sink) {
    subscriber.sink.send(delivery.wire());
    return 'sink';
  }
  subscriber.queue.push(delivery.result);
  return 'queue';
}

/** Ends a stream with an error; its client resubscribes from the cursor it holds (nothing is skipped). */
function endWith(subscriber: Subscriber, result: ExecutionResult): void {
  if (subscriber.queue.closed) return;
  subscriber.queue.push({ errors: result.errors });
  subscriber.queue.close();
}

function asGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError
    ? error
    : new GraphQLError('Unexpected error.', { originalError: error as Error });
}

export class CohortRegistry {
  private readonly cohorts = new Map<string, Cohort>();
  private readonly unsubscribeFeed: () => void;
  private readonly options: Required<CohortOptions>;

  constructor(
    private readonly feed: LiveFeed,
    options: CohortOptions = {},
  ) {
    this.options = {
      executor: options.executor ?? graphqlExecute,
      toWire: options.toWire ?? ((result) => result),
      onSinkDeliveries: options.onSinkDeliveries ?? (() => {}),
      isTransient: options.isTransient ?? (() => false),
      transientAttempts: options.transientAttempts ?? defaultTransientAttempts,
      contextFor: options.contextFor ?? ((context) => context),
    };
    this.unsubscribeFeed = feed.subscribe((events) => {
      for (const cohort of this.cohorts.values()) cohort.deliver(events);
    });
  }

  get stats(): { cohorts: number; subscribers: number; executions: number } {
    let subscribers = 0;
    let executions = 0;
    for (const cohort of this.cohorts.values()) {
      subscribers += cohort.subscribers.size;
      executions += cohort.executions;
    }
    return { cohorts: this.cohorts.size, subscribers, executions };
  }

  /**
   * Adds a subscriber to the cohort of `key`. Results go to `sink` when given (the returned iterator then
   * yields only a terminal error, and ends when the subscription does), otherwise through the iterator.
   */
  async join(
    key: string,
    args: ExecutionArgs,
    matches: (event: FeedEvent) => boolean,
    after: number | null,
    sink: FrameSink | null = null,
  ): Promise<AsyncIterableIterator<ExecutionResult>> {
    let cohort = this.cohorts.get(key);
    if (!cohort) {
      cohort = new Cohort(key, args, matches, this.options);
      this.cohorts.set(key, cohort);
    }
    const joined = cohort;
    const subscriber: Subscriber = {
      queue: new PushQueue<ExecutionResult>(() => {
        joined.subscribers.delete(subscriber);
        if (!joined.subscribers.size && this.cohorts.get(key) === joined) this.cohorts.delete(key);
      }),
      sink,
      lastSequence: this.feed.lastSequence,
      buffered: after === null ? null : [],
    };
    joined.subscribers.add(subscriber);
    if (after !== null) void this.replay(joined, subscriber, after, matches);
    return subscriber.queue;
  }

  /** Sends a resuming subscriber its backlog from the log, then what arrived live meanwhile, without gaps or repeats. */
  private async replay(
    cohort: Cohort,
    subscriber: Subscriber,
    after: number,
    matches: (event: FeedEvent) => boolean,
  ): Promise<void> {
    const upTo = this.feed.lastSequence;
    subscriber.lastSequence = after;
    try {
      for (const event of await this.feed.readRange(after, upTo)) {
        if (!matches(event)) continue;
        const delivery = await cohort.run(event);
        if (subscriber.queue.closed) return;
        if (delivery.failedForNow) return endWith(subscriber, delivery.result);
        if (emit(subscriber, delivery) === 'sink') this.options.onSinkDeliveries(1, delivery.result);
        subscriber.lastSequence = event.sequence;
      }
      subscriber.lastSequence = Math.max(subscriber.lastSequence, upTo);
    } catch (error) {
      subscriber.queue.push({ errors: [asGraphQLError(error)] });
      subscriber.queue.close();
      return;
    }
    const waiting = (subscriber.buffered ?? []).sort((a, b) => a.sequence - b.sequence);
    subscriber.buffered = null;
    for (const delivery of waiting)
      if (offer(subscriber, delivery) === 'sink') this.options.onSinkDeliveries(1, delivery.result);
  }

  close(): void {
    this.unsubscribeFeed();
    for (const cohort of this.cohorts.values()) {
      cohort.stopped = true;
      for (const subscriber of cohort.subscribers) subscriber.queue.close();
    }
    this.cohorts.clear();
  }
}

/** The one root field of a subscription, after fragments and @skip/@include (as the executor finds it). */
function rootField(args: ExecutionArgs): FieldPlan | null {
  const { structure, figures } = analyseRequest(args);
  if (structure.type !== 'subscription' || figures.rootFields.size !== 1) return null;
  // Validation makes every plan of one response key take the same arguments.
  return [...figures.rootFields.values()][0][0];
}

/**
 * Envelop plugin: subscriptions to a live field join a cohort instead of executing per subscriber.
 * Works for graphql-ws (through getEnveloped) and for SSE alike; graphql-ws subscribers get a frame sink.
 */
export function useLiveCohorts<Context extends object>(
  registry: CohortRegistry,
  spec: LiveFieldSpec<Context>,
): Plugin<LiveTransportContext> {
  return {
    onSubscribe({ args, setSubscribeFn }) {
      const root = rootField(args);
      if (root?.name !== spec.fieldName) return;
      // Only a field the schema declares cohort-served (`extensions.liveCohort`); others keep their subscribe.
      const field = args.schema.getSubscriptionType()?.getFields()[spec.fieldName];
      if (!field?.extensions.liveCohort) return;
      setSubscribeFn(async (subscribeArgs) => {
        const { node } = root;
        const context = subscribeArgs.contextValue as Context & LiveTransportContext;
        let prepared: Awaited<ReturnType<LiveFieldSpec<Context>['prepare']>>;
        try {
          const values = getArgumentValues(
            field,
            node,
            (subscribeArgs.variableValues ?? {}) as Record<string, unknown>,
          );
          prepared = await spec.prepare(values, context, field);
        } catch (error) {
          return {
            errors: [
              error instanceof GraphQLError
                ? error
                : new GraphQLError((error as Error).message, {
                    nodes: [node],
                    path: [node.alias?.value ?? node.name.value],
                    originalError: error as Error,
                  }),
            ],
          };
        }
        const cohort = spec.cohortContext(context);
        const key = cohortKey(
          subscribeArgs,
          cohort.access,
          analyse(subscribeArgs.schema, subscribeArgs.document, subscribeArgs.operationName).printed,
          spec.cursorArgument ? cursorOnlyVariables(subscribeArgs, node, spec.cursorArgument) : new Set(),
        );
        return registry.join(
          key,
          { ...subscribeArgs, contextValue: cohort.context },
          prepared.matches,
          prepared.after,
          context.liveSink ?? null,
        );
      });
    },
  };
}
