// Source management over GraphQL: validation, conflicts, idempotency keys, scopes. The poller is off here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

const addSource = `mutation ($input: AddSourceInput!) { addSource(input: $input) { id feedUrl name timeZone pollIntervalSeconds fullTextAllowed } }`;

describe.each(testDatabases())('source mutations on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
  });
  afterAll(() => app?.stop());

  it('applies defaults and refuses a second source with the same feed URL (CONFLICT)', async () => {
    const input = { feedUrl: 'https://news.example.org/rss', name: 'Example' };
    const first = await app.graphql<{ addSource: Record<string, unknown> }>(addSource, { input });
    expect(first.data!.addSource).toMatchObject({
      feedUrl: input.feedUrl,
      timeZone: 'Asia/Gaza',
      pollIntervalSeconds: 900,
      fullTextAllowed: false,
    });
    const second = await app.graphql(addSource, { input });
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it.each([
    [{ feedUrl: 'file:///etc/passwd' }, 'feedUrl'],
    [{ feedUrl: 'https://user:pw@example.org/rss' }, 'feedUrl'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ pollIntervalSeconds: 5 }, 'pollIntervalSeconds'],
    [{ language: 'xx' }, 'language'],
  ])('refuses %j with BAD_USER_INPUT naming the field', async (bad, field) => {
    const result = await app.graphql(addSource, {
      input: { feedUrl: 'https://other.example.org/feed', name: 'Bad', ...bad },
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors?.[0])).toContain(field);
  });

  it('a retry with the same idempotency key adds the source once', async () => {
    const input = { feedUrl: 'https://retry.example.org/rss', name: 'Retry', idempotencyKey: 'add-retry-1' };
    const first = await app.graphql<{ addSource: { id: string } }>(addSource, { input });
    const again = await app.graphql<{ addSource: { id: string } }>(addSource, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data!.addSource.id).toBe(first.data!.addSource.id);
    expect(await app.database.prisma.source.count({ where: { feedUrl: input.feedUrl } })).toBe(1);
  });

  it('needs the admin scope', async () => {
    const anonymous = await app.graphql(
      addSource,
      { input: { feedUrl: 'https://x.example.org/', name: 'x' } },
      {
        authorization: '',
      },
    );
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('feed configuration', () => {
  it('accepts the poll-now hook only in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test', FEEDS_TEST_POLL_NOW: 'true' }).feeds.testPollNow).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', FEEDS_TEST_POLL_NOW: 'true' })).toThrow(ConfigError);
  });

  it('puts the contact into the User-Agent and keeps private targets refused by default', () => {
    const { feeds } = loadConfig({ FEEDS_CONTACT: 'mailto:desk@example.org' });
    expect(feeds.userAgent).toBe('gaza-negotiations-poller/0.1 (+mailto:desk@example.org)');
    expect(feeds.allowPrivate).toBe(false);
  });
});
