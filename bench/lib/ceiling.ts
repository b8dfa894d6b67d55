import { execute, parse, buildSchema, validate } from 'graphql';
import { ours } from './queries';

// The ceiling: the nested query executed by graphql-js over objects already in memory, no database.
// Same shape and sizes as our API returns: 20 meetings, ~4.5 participants each, 5 meetings per actor.
const schema = buildSchema(`
  type Query { meetings(first: Int): MeetingConnection! }
  type MeetingConnection { totalCount: Int! edges: [MeetingEdge!]! }
  type MeetingEdge { node: Meeting! }
  type Meeting { title: String! participants: [Participant!]! }
  type Participant { role: String! actor: Actor! }
  type Actor { name: String! meetings(first: Int): MeetingConnection! }
`);

export function runCeiling(seconds: number): { opsPerSecond: number; p50Ms: number; p99Ms: number } {
  const leaf = (index: number) => ({ node: { title: `Round ${index} of talks in Cairo`, participants: [] } });
  const actor = (index: number) => ({
    name: `Actor ${index}`,
    meetings: () => ({
      totalCount: 45,
      edges: Array.from({ length: 5 }, (_, offset) => leaf(index * 5 + offset)),
    }),
  });
  const root = {
    meetings: () => ({
      totalCount: 20_000,
      edges: Array.from({ length: 20 }, (_, index) => ({
        node: {
          title: `Round ${index} of talks in Doha`,
          participants: Array.from({ length: 3 + (index % 4) }, (_, offset) => ({
            role: 'HOST',
            actor: actor(index * 10 + offset),
          })),
        },
      })),
    }),
  };
  const document = parse(ours.nested);
  if (validate(schema, document).length) throw new Error('ceiling schema does not match the nested query');
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const result = execute({ schema, document, rootValue: root }) as { errors?: unknown[] };
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    // What a server must do with the result too.
    JSON.stringify(result);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000) / 1000;
  return { opsPerSecond: Math.round(samples.length / seconds), p50Ms: at(0.5), p99Ms: at(0.99) };
}
