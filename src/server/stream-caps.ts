import type { IncomingMessage } from 'node:http';
import { mapAsyncIterator, type Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import type { ClientAddressResolver } from './client-address';

/**
 * At most `maxPerAddress` SSE subscription streams open at once per client address: each holds a
 * response, a cohort slot and memory for as long as the client keeps it, so one address must not be able
 * to open thousands. graphql-ws sockets have their own cap at the upgrade (./sockets.ts); this one counts
 * only subscriptions served over HTTP. A stream frees its slot when it ends, however it ends (the client
 * leaves, the server completes it, its key is revoked).
 */
export function useStreamCaps(
  maxPerAddress: number,
  addressOf: ClientAddressResolver,
): Plugin<{ req?: IncomingMessage; socket?: unknown }> {
  const openByAddress = new Map<string, number>();
  const release = (address: string) => {
    const open = (openByAddress.get(address) ?? 1) - 1;
    if (open > 0) openByAddress.set(address, open);
    else openByAddress.delete(address);
  };
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const { req, socket } = args.contextValue;
      if (socket || !req) return;
      const address = addressOf(req);
      const open = openByAddress.get(address) ?? 0;
      if (open >= maxPerAddress) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`At most ${maxPerAddress} open subscription streams per client address`, {
              extensions: {
                code: 'TOO_MANY_STREAMS',
                limit: maxPerAddress,
                http: { status: 429, headers: { 'retry-after': '10' } },
              },
            }),
          ],
        });
        return;
      }
      openByAddress.set(address, open + 1);
      let released = false;
      const releaseOnce = () => {
        if (released) return;
        released = true;
        release(address);
      };
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return releaseOnce();
          setResult(
            mapAsyncIterator(
              result,
              (value) => value,
              (error: unknown) => {
                releaseOnce();
                throw error;
              },
              releaseOnce,
            ),
          );
        },
        onSubscribeError: releaseOnce,
      };
    },
  };
}
