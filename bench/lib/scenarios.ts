import { loadavg } from 'node:os';
import type { Target } from './databases';
import { postgresCpuProbe } from './cpu';
import { combineRounds, runLoad, type LoadResult } from './load';
import { addArticleVariables } from './article';
import { missingField, ours, post, theirs, type GraphQLBody } from './queries';
import { postGraphileStatements, startOurServer, startPostGraphile, type ServerProcess } from './servers';
import { countOurStatements, type CountRequest } from './statements';
import { log, type BenchOptions } from './options';
import { difference, normalise } from './equivalence';

export interface ScenarioResult {
  scenario:
    'nested' | 'point' | 'search' | 'search-name' | 'search-1client' | 'search-name-1client' | 'ingest';
  database: 'pglite' | 'postgres';
  server: 'ours' | 'ours-uncached' | 'postgraphile';
  load: LoadResult | null;
  statementsPerRequest: number | null;
  skipped: string | null;
  note?: string;
}

type Options = Pick<BenchOptions, 'duration' | 'warmup' | 'connections'>;
const ingestConnections = 4;
/** The mutation rate limit is per API key; the bench key must not be throttled (an operator setting, not a code change). */
export const benchServerEnv = {
  MUTATION_RATE_POINTS: '1000000000',
  MUTATION_RATE_DURATION_S: '1',
  READ_RATE_POINTS: '1000000000000',
  READ_RATE_DURATION_S: '1',
};

function authHeaders(target: Target): Record<string, string> {
  return target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {};
}

function problem(body: GraphQLBody): string | null {
  if (!body.errors?.length) return null;
  return body.errors
    .map((error) => `${error.extensions?.code ? `${error.extensions.code}: ` : ''}${error.message}`)
    .join('; ')
    .slice(0, 300);
}

interface Contender {
  server: ServerProcess;
  who: ScenarioResult['server'];
  query: string;
  variables: Record<string, unknown>;
  statements: number | null;
  /** Maps this server's answer into the neutral shape both servers' answers are compared in. */
  normalise?: (data: unknown) => ReturnType<typeof normalise.nested.ours>;
}

/**
 * The answers of every contender that can be compared must be equal (normalised, every node of the selection),
 * and not trivially so; otherwise the scenario is not timed: a ratio between different work means nothing.
 */
function sameAnswers(name: string, answers: { contender: Contender; body: GraphQLBody }[]): string | null {
  const comparable = answers.filter((answer) => answer.contender.normalise);
  if (comparable.length < 2) return null;
  const [first, ...others] = comparable.map((answer) => ({
    who: answer.contender.who,
    shape: answer.contender.normalise!(answer.body.data),
  }));
  const text = JSON.stringify(first.shape);
  // An empty answer would compare equal without proving anything.
  if (!/"titles":\["|"nodes":\[\{/.test(text))
    return `${name}: the ${first.who} answer has no nested rows to compare`;
  for (const other of others) {
    const diff = difference(first.shape, other.shape);
    if (diff)
      return `${name}: ${first.who} and ${other.who} answer differently (- ${first.who}, + ${other.who}):\n${diff}`;
  }
  return null;
}

/**
 * Runs one read scenario on one or two servers. With two (ours and PostGraphile on the same database) the
 * load alternates A B B A in half-length rounds, so that noise from other work on the machine falls on both.
 */
async function readScenario(
  name: ScenarioResult['scenario'],
  field: string,
  database: Target['kind'],
  contenders: Contender[],
  options: Options,
  postgresCpu?: () => Promise<Map<number, number> | null>,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const ready: Contender[] = [];
  const answers: { contender: Contender; body: GraphQLBody }[] = [];
  for (const contender of contenders) {
    const base = {
      scenario: name,
      database,
      server: contender.who,
      statementsPerRequest: contender.statements,
    };
    const body = await post(contender.server.url, contender.query, contender.variables);
    if (missingField(body, field))
      results.push({
        ...base,
        load: null,
        statementsPerRequest: null,
        skipped: `not implemented: no ${field} field at run time`,
      });
    else if (problem(body))
      results.push({ ...base, load: null, skipped: `request failed: ${problem(body)}` });
    else {
      ready.push(contender);
      answers.push({ contender, body });
    }
  }
  const mismatch = sameAnswers(name, answers);
  if (mismatch) {
    log(`${database}: ${name} NOT timed, ${mismatch}`);
    for (const contender of ready)
      results.push({
        scenario: name,
        database,
        server: contender.who,
        statementsPerRequest: contender.statements,
        load: null,
        skipped: `not timed: answers differ — ${mismatch.slice(0, 600).replace(/\s+/g, ' ')}`,
      });
    return results;
  }
  const rounds = ready.length > 1 ? 2 : 1;
  // Rounds alternate the order (A B C, then C B A) so that drifting background load weighs on every contender.
  const duration = Math.max(2, Math.round(options.duration / rounds));
  const loads = new Map<Contender, LoadResult[]>(ready.map((contender) => [contender, []]));
  const bodyOf = (contender: Contender) =>
    JSON.stringify({ query: contender.query, variables: contender.variables });
  for (const contender of ready)
    await runLoad(
      contender.server,
      {
        url: contender.server.url,
        body: bodyOf(contender),
        duration: options.warmup,
        connections: options.connections,
      },
      0,
    );
  for (let round = 0; round < rounds; round += 1) {
    for (const contender of round % 2 ? [...ready].reverse() : ready) {
      log(
        `${database}/${contender.who}: ${name} round ${round + 1}/${rounds}, ${duration} s × ${options.connections} connections`,
      );
      loads.get(contender)!.push(
        await runLoad(
          contender.server,
          {
            url: contender.server.url,
            body: bodyOf(contender),
            duration,
            connections: options.connections,
            postgresCpu,
          },
          0,
        ),
      );
    }
  }
  for (const contender of ready) {
    const load = combineRounds(loads.get(contender)!);
    log(`${database}/${contender.who}: ${name}`, summary(load));
    results.push({
      scenario: name,
      database,
      server: contender.who,
      statementsPerRequest: contender.statements,
      load,
      skipped: null,
    });
  }
  return results;
}

/**
 * BENCH_ONLY=nested,point (any of nested, point, search, search-name, ingest, live) runs only those scenarios: a targeted
 * before/after measurement without the whole run. Unset: everything.
 */
export function scenarioSelected(
  name: ScenarioResult['scenario'] | 'live',
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const only = env.BENCH_ONLY?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return !only?.length || only.includes(name);
}

/** With the response cache the lead added (RESPONSE_CACHE_TTL_MS, default 10 s) a repeated read is a cache hit; "uncached" turns it off. */
const uncachedEnv = { RESPONSE_CACHE_TTL_MS: '0' };

/**
 * Our server (child process) on one database, as deployed (response cache on) and with the cache off, with
 * PostGraphile beside them on PostgreSQL. PGlite is single-process, so there the two variants run one after the other.
 */
export async function runScenarios(
  target: Target,
  options: Options,
  withPostGraphile: { ok: boolean; note: string } | null,
): Promise<ScenarioResult[]> {
  const runId = `${Date.now().toString(36)}`;
  const headers = authHeaders(target);
  const requests: CountRequest[] = [
    { name: 'nested', query: ours.nested },
    { name: 'point', query: ours.point, variables: ours.pointVariables },
    { name: 'search', query: ours.search, variables: ours.searchVariables },
    { name: 'search-name', query: ours.search, variables: ours.searchNameVariables },
    {
      name: 'ingest',
      query: ours.addArticle,
      headers,
      variablesFor: () => addArticleVariables(`${runId}-count`),
    },
  ].filter((request) => scenarioSelected(request.name as ScenarioResult['scenario']));
  log(`${target.kind}: counting our SQL statements per request (in-process buildApp, cache on and off)`);
  const cached = await countOurStatements(target, requests, benchServerEnv);
  const uncached = await countOurStatements(target, requests, { ...benchServerEnv, ...uncachedEnv });
  const results: ScenarioResult[] = [];
  const running: ServerProcess[] = [];
  const stopAll = async () => {
    for (const server of running.splice(0)) await server.stop();
  };
  try {
    const variants = [
      { who: 'ours' as const, env: benchServerEnv, counts: cached },
      { who: 'ours-uncached' as const, env: { ...benchServerEnv, ...uncachedEnv }, counts: uncached },
    ];
    const phases = target.kind === 'postgres' ? [variants] : variants.map((variant) => [variant]);
    let ingestServer: ServerProcess | null = null;
    for (const phase of phases) {
      await stopAll();
      const servers: ((typeof variants)[number] & { server: ServerProcess })[] = [];
      for (const variant of phase) {
        const server = await startOurServer(target.serverEnv, variant.env);
        running.push(server);
        servers.push({ ...variant, server });
      }
      const postgresCpu = target.kind === 'postgres' ? postgresCpuProbe(target.url!) : undefined;
      let postgraphile: ServerProcess | null = null;
      if (withPostGraphile?.ok) {
        postgraphile = await startPostGraphile(target.url!);
        running.push(postgraphile);
      }
      const theirStatements = async (query: string, variables: Record<string, unknown>) => {
        if (!postgraphile) return null;
        await post(postgraphile.url, query, variables);
        const before = await postGraphileStatements(postgraphile);
        await post(postgraphile.url, query, variables);
        return (await postGraphileStatements(postgraphile)) - before;
      };
      const our = (
        name: 'nested' | 'point' | 'search' | 'search-name',
        query: string,
        variables: Record<string, unknown>,
      ): Contender[] =>
        servers.map((variant) => ({
          server: variant.server,
          who: variant.who,
          query,
          variables,
          statements: variant.counts[name].statements,
          normalise: name === 'nested' || name === 'point' ? normalise[name].ours : undefined,
        }));
      const their = async (
        name: 'nested' | 'point',
        query: string,
        variables: Record<string, unknown>,
      ): Promise<Contender[]> =>
        postgraphile
          ? [
              {
                server: postgraphile,
                who: 'postgraphile',
                query,
                variables,
                statements: await theirStatements(query, variables),
                normalise: normalise[name].theirs,
              },
            ]
          : [];
      if (scenarioSelected('nested'))
        results.push(
          ...(await readScenario(
            'nested',
            'meetings',
            target.kind,
            [...our('nested', ours.nested, {}), ...(await their('nested', theirs.nested, {}))],
            options,
            postgresCpu,
          )),
        );
      if (scenarioSelected('point'))
        results.push(
          ...(await readScenario(
            'point',
            'actor',
            target.kind,
            [
              ...our('point', ours.point, ours.pointVariables),
              ...(await their('point', theirs.point, theirs.pointVariables)),
            ],
            options,
            postgresCpu,
          )),
        );
      if (scenarioSelected('search'))
        results.push(
          ...(await readScenario(
            'search',
            'search',
            target.kind,
            our('search', ours.search, ours.searchVariables),
            options,
            postgresCpu,
          )),
        );
      if (scenarioSelected('search-name'))
        results.push(
          ...(await readScenario(
            'search-name',
            'search',
            target.kind,
            our('search-name', ours.search, ours.searchNameVariables),
            options,
            postgresCpu,
          )),
        );
      // Latency as one reader sees it: with 20 connections a search's p50 is mostly time queued behind the others.
      const uncachedOnly = (contenders: Contender[]) =>
        contenders.filter((contender) => contender.who === 'ours-uncached');
      const oneClient = { ...options, connections: 1 };
      if (scenarioSelected('search'))
        results.push(
          ...(await readScenario(
            'search-1client',
            'search',
            target.kind,
            uncachedOnly(our('search', ours.search, ours.searchVariables)),
            oneClient,
            postgresCpu,
          )),
        );
      if (scenarioSelected('search-name'))
        results.push(
          ...(await readScenario(
            'search-name-1client',
            'search',
            target.kind,
            uncachedOnly(our('search-name', ours.search, ours.searchNameVariables)),
            oneClient,
            postgresCpu,
          )),
        );
      if (postgraphile && scenarioSelected('search')) {
        results.push({
          scenario: 'search',
          database: 'postgres',
          server: 'postgraphile',
          load: null,
          statementsPerRequest: null,
          skipped: 'no equivalent: amber has no Arabic-normalising trigram search',
        });
      } else if (withPostGraphile && !withPostGraphile.ok) {
        results.push({
          scenario: 'nested',
          database: 'postgres',
          server: 'postgraphile',
          load: null,
          statementsPerRequest: null,
          skipped: withPostGraphile.note,
        });
      }
      ingestServer = servers[0].server;
    }
    if (scenarioSelected('ingest'))
      results.push(await runIngest(target, ingestServer!, options, cached.ingest.statements, runId));
  } finally {
    await stopAll();
  }
  return results;
}

async function runIngest(
  target: Target,
  server: ServerProcess,
  options: Options,
  statements: number | null,
  runId: string,
): Promise<ScenarioResult> {
  const headers = authHeaders(target);
  const base = {
    scenario: 'ingest' as const,
    database: target.kind,
    server: 'ours' as const,
    statementsPerRequest: statements,
  };
  const body = await post(server.url, ours.addArticle, addArticleVariables(runId), headers);
  if (missingField(body, 'addArticle'))
    return {
      ...base,
      load: null,
      statementsPerRequest: null,
      skipped: 'not implemented: no addArticle mutation at run time',
    };
  const error = problem(body);
  if (error) {
    const unauthenticated = /UNAUTHENTICATED|FORBIDDEN|api key/i.test(error);
    return {
      ...base,
      load: null,
      skipped: unauthenticated
        ? `needs an API key: ${error} (${target.apiKeyNote})`
        : `request failed: ${error}`,
    };
  }
  log(
    `${target.kind}/ours: ingest (addArticle, 5 KB Arabic) for ${options.duration} s × ${ingestConnections} connections`,
  );
  const load = await runLoad(
    server,
    {
      url: server.url,
      headers,
      duration: options.duration,
      connections: ingestConnections,
      bodyFor: () => JSON.stringify({ query: ours.addArticle, variables: addArticleVariables(runId) }),
    },
    0,
  );
  let note = `${ingestConnections} connections; each request a distinct ~5 KB Arabic article; ${target.apiKey ? 'API key (Bearer)' : 'no API key'}; MUTATION_RATE_POINTS raised for the bench key`;
  if (load.non2xx) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: ours.addArticle, variables: addArticleVariables(runId) }),
    });
    note += `; a request after the run got ${response.status}: ${(await response.text()).slice(0, 200)}`;
  }
  log(`${target.kind}/ours: ingest`, summary(load));
  return { ...base, load, skipped: null, note };
}

export function summary(load: LoadResult): string {
  return `${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, failed ${load.errors + load.non2xx + load.timeouts}, RSS ${load.serverRssMb} MB, load average ${loadavg()[0].toFixed(1)}`;
}
