// `npm run sources` against a running server (the embedded database, which only the server may open),
// through the admin API client it shares with `npm run apikey` (scripts/lib/admin-api.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { closedPort, runScript, throughServerOnly } from '../support/cli';

describe('npm run sources against a running server', () => {
  let app: TestApp;
  let url: string;
  const run = (args: string[], env: Record<string, string> = {}) =>
    runScript('sources.ts', args, { ...throughServerOnly, ...env });

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('adds, lists, disables, enables and removes a source through the admin mutations', async () => {
    const feedUrl = 'https://news.example.org/rss.xml';
    const key = ['--url', url, '--key', app.adminKey];
    const added = await run(['add', feedUrl, '--name', 'Example News', '--interval', '1200', ...key]);
    expect(added.stdout).toMatch(
      /^Added source \S+ "Example News" \(https:\/\/news\.example\.org\/rss\.xml\)/,
    );
    const row = await app.database.prisma.source.findUniqueOrThrow({ where: { feedUrl } });
    expect(row).toMatchObject({ name: 'Example News', pollIntervalSeconds: 1200, enabled: true });

    expect((await run(['list', '--url', url], { API_KEY: app.adminKey })).stdout).toMatch(
      new RegExp(`\\s+enabled\\s+${feedUrl.replaceAll('.', '\\.')}\\s+"Example News"`),
    );
    expect((await run(['disable', feedUrl, ...key])).stdout).toContain('Disabled source');
    expect((await app.database.prisma.source.findUniqueOrThrow({ where: { feedUrl } })).enabled).toBe(false);
    expect((await run(['enable', feedUrl, ...key])).stdout).toContain('Enabled source');
    expect((await run(['remove', feedUrl, ...key])).stdout).toContain('Removed source');
    expect(await app.database.prisma.source.count({ where: { feedUrl } })).toBe(0);
  }, 90_000);

  it("reports the server's error code for a refused key", async () => {
    const { token } = await createApiKey(app.database.prisma, { name: 'not admin', scopes: ['data:write'] });
    await expect(run(['list', '--url', url, '--key', token])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('FORBIDDEN: '),
    });
  }, 60_000);

  it('says, as npm run apikey does, that no server answers at the URL', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}/graphql`;
    await expect(run(['list', '--url', nowhere, '--key', app.adminKey])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`No server answers at ${nowhere} (`),
    });
  }, 60_000);
});
