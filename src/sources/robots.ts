import robotsParser from 'robots-parser';
import { FetchError, type FetchResult } from './http';

/** How long one origin's robots.txt is trusted before it is read again. */
const robotsTtlMs = 60 * 60 * 1000;
const maxOrigins = 1000;

type Verdict = { allows(url: string): boolean; expiresAt: number };

/**
 * robots.txt per origin (RFC 9309), through robots-parser: 4xx means no rules; a 5xx or an unreachable
 * file means "disallow everything" for now (the RFC's reading), so an overloaded site is left alone.
 */
export class RobotsCache {
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly fetchRobots: (url: string) => Promise<FetchResult>,
    private readonly userAgent: string,
  ) {}

  async allowed(url: string, now = Date.now()): Promise<boolean> {
    const origin = new URL(url).origin;
    let verdict = this.verdicts.get(origin);
    if (!verdict || verdict.expiresAt <= now) {
      // Not cached when reading it throws (a refused address), so nothing is remembered for it.
      verdict = await this.read(origin, now);
      if (this.verdicts.size >= maxOrigins) this.verdicts.delete(this.verdicts.keys().next().value!);
      this.verdicts.set(origin, verdict);
    }
    return verdict.allows(url);
  }

  private async read(origin: string, now: number): Promise<Verdict> {
    const robotsUrl = `${origin}/robots.txt`;
    const expiresAt = now + robotsTtlMs;
    try {
      const response = await this.fetchRobots(robotsUrl);
      const rules = robotsParser(robotsUrl, response.body.toString('utf8'));
      // Product token: the User-Agent's first word, as robots.txt groups name crawlers.
      const agent = this.userAgent.split('/')[0];
      return { allows: (url) => rules.isAllowed(url, agent) !== false, expiresAt };
    } catch (error) {
      // A target we may not or cannot reach at all: the page itself would fail the same way, so say why.
      if (error instanceof FetchError && ['blocked_address', 'bad_url', 'dns'].includes(error.reason))
        throw error;
      if (error instanceof FetchError && error.status && error.status >= 400 && error.status < 500)
        return { allows: () => true, expiresAt };
      // Unreachable: try again in a few minutes rather than in an hour.
      return { allows: () => false, expiresAt: now + 5 * 60 * 1000 };
    }
  }
}
