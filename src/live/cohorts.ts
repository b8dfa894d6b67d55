import type { Plugin } from '@envelop/core';
import { execute as graphqlExecute, getArgumentValues, GraphQLError, Kind, print, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { FeedEvent, LiveFeed } from './feed';
import { PushQueue } from './queue';

/** How one live root field reads its arguments; supplied by the schema layer. */
export interface LiveFieldSpec<Context> {
  fieldName: string;
  /** Validates the arguments (throwing a typed error for bad input) and says which events the subscriber wants. */
  prepare(args: Record<string, unknown>, context: Context): Promise<{ matches(event: FeedEvent): boolean; after: number | null }>;
  /** Subscribers whose results may differ (for example by access scope) must not share a cohort. */
  scopeOf?(context: Context): string;
}

export type Executor = (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult;

interface Subscriber {
  queue: PushQueue<ExecutionResult>;
  lastSequence: number;
  /** While a resuming client reads its backlog, live results wait here. */
  buffered: { sequence: number; result: ExecutionResult }[] | null;
}

/**
 * Subscribers with the same document, variables and scope. Each event is executed once for the cohort
 * and the same result object goes to every subscriber in it.
 */
class Cohort {
  readonly subscribers = new Set<Subscriber>();
  private chain: Promise<void> = Promise.resolve();
  executions = 0;

  constructor(
    readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly matches: (event: FeedEvent) => boolean,
    private readonly executor: Executor,
  ) {}

  async run(event: FeedEvent): Promise<ExecutionResult> {
    this.executions += 1;
    return this.executor({ ...this.args, rootValue: event });
  }

  deliver(events: FeedEvent[]): void {
    const wanted = events.filter(this.matches);
    if (!wanted.length) return;
    // Events run one after another so that every subscriber sees them in log order.
    this.chain = this.chain.then(async () => {
      for (const event of wanted) {
        if (!this.subscribers.size) return;
        const result = await this.run(event).catch((error: unknown) => ({ errors: [asGraphQLError(error)] }));
        for (const subscriber of this.subscribers) offer(subscriber, event.sequence, result);
      }
    });
  }
}

function offer(subscriber: Subscriber, sequence: number, result: ExecutionResult): void {
  if (subscriber.buffered) subscriber.buffered.push({ sequence, result });
  else if (sequence > subscriber.lastSequence) {
    subscriber.lastSequence = sequence;
    subscriber.queue.push(result);
  }
}

function asGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { originalError: error as Error });
}

export class CohortRegistry {
  private readonly cohorts = new Map<string, Cohort>();
  private readonly unsubscribeFeed: () => void;

  constructor(private readonly feed: LiveFeed, private readonly executor: Executor = graphqlExecute) {
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

  async join(key: string, args: ExecutionArgs, matches: (event: FeedEvent) => boolean, after: number | null): Promise<AsyncIterableIterator<ExecutionResult>> {
    let cohort = this.cohorts.get(key);
    if (!cohort) {
      cohort = new Cohort(key, args, matches, this.executor);
      this.cohorts.set(key, cohort);
    }
    const joined = cohort;
    const subscriber: Subscriber = {
      queue: new PushQueue<ExecutionResult>(() => {
        joined.subscribers.delete(subscriber);
        if (!joined.subscribers.size && this.cohorts.get(key) === joined) this.cohorts.delete(key);
      }),
      lastSequence: this.feed.lastSequence,
      buffered: after === null ? null : [],
    };
    joined.subscribers.add(subscriber);
    if (after !== null) void this.replay(joined, subscriber, after, matches);
    return subscriber.queue;
  }

  /** Sends a resuming subscriber its backlog from the log, then what arrived live meanwhile, without gaps or repeats. */
  private async replay(cohort: Cohort, subscriber: Subscriber, after: number, matches: (event: FeedEvent) => boolean): Promise<void> {
    const upTo = this.feed.lastSequence;
    subscriber.lastSequence = after;
    try {
      for (const event of await this.feed.readRange(after, upTo)) {
        if (!matches(event)) continue;
        const result = await cohort.run(event);
        subscriber.queue.push(result);
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
    for (const item of waiting) offer(subscriber, item.sequence, item.result);
  }

  close(): void {
    this.unsubscribeFeed();
    for (const cohort of this.cohorts.values()) for (const subscriber of cohort.subscribers) subscriber.queue.close();
    this.cohorts.clear();
  }
}

function rootField(args: ExecutionArgs): { operation: OperationDefinitionNode; fieldName: string } | null {
  const operation = args.document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (!args.operationName || definition.name?.value === args.operationName),
  );
  const selections = operation?.selectionSet.selections ?? [];
  if (operation?.operation !== 'subscription' || selections.length !== 1 || selections[0].kind !== Kind.FIELD) return null;
  return { operation, fieldName: selections[0].name.value };
}

/**
 * Envelop plugin: subscriptions to a live field join a cohort instead of executing per subscriber.
 * Works for graphql-ws (through getEnveloped) and for SSE alike.
 */
export function useLiveCohorts<Context>(registry: CohortRegistry, spec: LiveFieldSpec<Context>): Plugin<Record<string, unknown>> {
  return {
    onSubscribe({ args, setSubscribeFn }) {
      const root = rootField(args);
      if (root?.fieldName !== spec.fieldName) return;
      setSubscribeFn(async (subscribeArgs) => {
        const field = args.schema.getSubscriptionType()?.getFields()[spec.fieldName];
        const node = root.operation.selectionSet.selections[0];
        if (!field || node.kind !== Kind.FIELD) return { errors: [new GraphQLError(`No live field ${spec.fieldName}`)] };
        const context = subscribeArgs.contextValue as Context;
        let prepared: Awaited<ReturnType<LiveFieldSpec<Context>['prepare']>>;
        try {
          const values = getArgumentValues(field, node, (subscribeArgs.variableValues ?? {}) as Record<string, unknown>);
          prepared = await spec.prepare(values, context);
        } catch (error) {
          return { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { nodes: [node], path: [node.alias?.value ?? node.name.value], originalError: error as Error })] };
        }
        const key = [spec.scopeOf?.(context) ?? '', subscribeArgs.operationName ?? '', print(subscribeArgs.document), JSON.stringify(subscribeArgs.variableValues ?? {})].join('\u0000');
        return registry.join(key, subscribeArgs, prepared.matches, prepared.after);
      });
    },
  };
}
