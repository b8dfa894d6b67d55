/** The longest a failing source waits between tries. */
export const maxBackoffMs = 6 * 60 * 60 * 1000;

/**
 * When to try a failing source again: the poll interval doubled per consecutive failure, capped at six
 * hours, with "equal jitter" (between half and all of that), so that many sources failing together (a
 * shared host down) do not return in lockstep. `random` is in [0, 1).
 */
export function backoffMs(intervalMs: number, consecutiveFailures: number, random = Math.random()): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 30);
  // Never past six hours, unless the source is polled less often than that anyway.
  const ceiling = Math.max(intervalMs, Math.min(maxBackoffMs, intervalMs * 2 ** exponent));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
