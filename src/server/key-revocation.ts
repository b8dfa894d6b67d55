import type { Plugin } from '@envelop/core';
import { Repeater } from '@repeaterjs/repeater';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Db } from '../db/client';
import type { Viewer } from '../schema/scopes';

/** The close code of a graphql-ws socket whose key was revoked (the code of a bad key at connect). */
export const revokedKeyCloseCode = 4403;

export interface KeyRevocationOptions {
  /** How often the keys held by open sockets and streams are checked, all of them in one query. */
  intervalMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Ends what a key keeps open once it is revoked. HTTP requests check their key each time; sockets and
 * SSE streams check it only when they start, so each registers here for as long as it is open. Every
 * `intervalMs` one query asks which of the keys in use are still active, however many sockets share
 * them; a revocation through this process (the admin mutation) ends them at once, without waiting.
 * A key revoked elsewhere (another process, `npm run apikey` on the database) is seen at the next check.
 */
export class KeyRevocations {
  private readonly holders = new Map<number, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | null = null;
  /** Queries sent by `check`; tests read it to see that the check is batched. */
  readonly stats = { checks: 0 };

  constructor(
    private readonly prisma: Db,
    private readonly options: KeyRevocationOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Calls `onRevoked` once if the key is revoked while registered; the returned function unregisters. */
  watch(keyId: number, onRevoked: () => void): () => void {
    let holders = this.holders.get(keyId);
    if (!holders) {
      holders = new Set();
      this.holders.set(keyId, holders);
    }
    holders.add(onRevoked);
    return () => {
      const current = this.holders.get(keyId);
      if (!current?.delete(onRevoked)) return;
      if (!current.size) this.holders.delete(keyId);
    };
  }

  /** The key is no longer valid: ends everything that holds it, now. */
  revoked(keyId: number): void {
    const holders = this.holders.get(keyId);
    if (!holders) return;
    this.holders.delete(keyId);
    for (const onRevoked of holders) onRevoked();
  }

  /** One query for every key in use; a key whose row is revoked or gone ends its holders. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    const inUse = [...this.holders.keys()];
    if (!inUse.length) return;
    this.stats.checks += 1;
    try {
      const active = await this.prisma.apiKey.findMany({
        where: { id: { in: inUse }, revokedAt: null },
        select: { id: true },
      });
      const stillActive = new Set(active.map((row) => row.id));
      for (const keyId of inUse) if (!stillActive.has(keyId)) this.revoked(keyId);
    } catch (error) {
      // The database is down: sockets stay open (their key was valid) and the next check tries again.
      this.options.onError?.(error);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.holders.clear();
  }
}

export function revokedKeyError(): GraphQLError {
  return new GraphQLError('The API key was revoked', { extensions: { code: 'UNAUTHENTICATED' } });
}

/**
 * A subscription stream that ends, with one UNAUTHENTICATED result, when `watch` reports the key revoked.
 * A Repeater rather than an async generator, so that a client leaving ends the source at once instead of
 * at its next event.
 */
export function endWhenRevoked(
  source: AsyncIterable<ExecutionResult>,
  watch: (onRevoked: () => void) => () => void,
): AsyncIterableIterator<ExecutionResult> {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    let stopped = false;
    const unwatch = watch(() => {
      void push({ errors: [revokedKeyError()] });
      stop();
    });
    const ended = stop.then(() => {
      stopped = true;
      unwatch();
      return null;
    });
    try {
      while (!stopped) {
        const step = await Promise.race([iterator.next(), ended]);
        if (!step || step.done) break;
        await push(step.value);
      }
    } finally {
      stop();
      await iterator.return?.();
    }
  });
}

/**
 * Envelop plugin: a keyed subscription served over SSE ends when its key is revoked. graphql-ws
 * subscriptions are left to their socket, which closes with 4403 and ends them all (see app.ts).
 */
export function useRevocationEndsStreams(
  revocations: KeyRevocations,
): Plugin<{ viewer?: Viewer | null; socket?: unknown }> {
  return {
    onSubscribe({ args }) {
      const { viewer, socket } = args.contextValue;
      if (!viewer || socket) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return;
          setResult(endWhenRevoked(result, (onRevoked) => revocations.watch(viewer.keyId, onRevoked)));
        },
      };
    },
  };
}
