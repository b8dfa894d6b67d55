import { peerIndexes, theirs } from './queries';
import { serverV8Args } from '../../scripts/build.mjs';
import { benchServerEnv } from './scenarios';

export interface Fairness {
  ours: string[];
  postgraphile: string[];
  both: string[];
}

/** What each server was given, written into report.json and rendered as the report's "Fairness" section. */
export function fairness(): Fairness {
  return {
    ours: [
      'the production bundle (`npm start`: dist/main.mjs under plain Node), NODE_ENV=production, LOG_LEVEL=warn',
      'every guard on: API-key authentication, the operation analysis (depth/cost/list caps), the deadline, per-client read and mutation rate limits (raised to ' +
        `READ_RATE_POINTS=${benchServerEnv.READ_RATE_POINTS}, MUTATION_RATE_POINTS=${benchServerEnv.MUTATION_RATE_POINTS} per ${benchServerEnv.READ_RATE_DURATION_S} s so the load is not refused, still counted on every request), /metrics and request metrics`,
      '"cache off" rows: RESPONSE_CACHE_TTL_MS=0, no response cache and no result memo of any kind; each request plans and reads the database',
      'its own migrations (including the meeting-order index) and pool size 10',
    ],
    postgraphile: [
      'PostGraphile 5 amber preset over `makePgService({ pool })`, pool size 10, NODE_ENV=production, grafserv `graphiql: false, watch: false`, grafast `explain: false` (its production settings)',
      `its documented best practice, foreign keys indexed for the orderings it is asked for (created before either server starts): ${peerIndexes
        .map((statement) => `\`${statement.replace(/ IF NOT EXISTS "[^"]+"/, '')}\``)
        .join('; ')}`,
      `orderings that return our rows: nested \`${/meetingParticipantsByActorId\([^)]*\)/.exec(theirs.nested)?.[0]}\`, point \`${/proposalProposersByActorId\([^)]*\)/.exec(theirs.point)?.[0]}\``,
      'no response cache (it has none built in) and no result memo',
    ],
    both: [
      `the same V8 settings (${serverV8Args.map((arg) => `\`${arg}\``).join(' ')}: ours runs with them wherever it is started, scripts/build.mjs; PostGraphile gets them too, so that heap sizing is not what differs)`,
      'the same PostgreSQL database in the same run (VACUUM (ANALYZE) after the load and the indexes, as pgbench does: statistics and a visibility map, so autovacuum does not reach the loaded tables in the middle of a timed run), the same connections and durations, load alternating ours, theirs, theirs, ours',
      'before timing, each compared query is sent to both servers and the answers, mapped into one neutral shape with every field of every node in the selection (bench/lib/equivalence.ts), must be equal and non-empty; a difference aborts that scenario (shown as "not timed: answers differ" with the diff)',
    ],
  };
}
