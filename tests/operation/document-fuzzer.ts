import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Random query documents made from the schema's type map: lists, connections with first/last (now and
 * then both), unions and interfaces through inline fragments, aliases, named fragments spread again and
 * again, @skip/@include with literals and variables. Driven by a seed, so fast-check reports a
 * reproducible case.
 */
export interface FuzzOptions {
  /** Object levels below the root. */
  maxDepth: number;
  /** Fields per selection set, at most. */
  maxFields: number;
  /** Values for required arguments: ids and slugs that exist in the fixture. */
  ids: string[];
  slug: string;
  /** How often a selection is put in a named fragment, and an existing one reused. */
  fragmentRate: number;
}

function random(seed: number): () => number {
  // mulberry32: small, fast and good enough to pick shapes.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fuzzDocument(schema: GraphQLSchema, seed: number, options: FuzzOptions): string {
  const next = random(seed);
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const fragments: { name: string; on: string; body: string }[] = [];
  let aliases = 0;
  let usesFlag = false;

  const isConnection = (type: GraphQLNamedType) =>
    isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();

  const argumentsFor = (field: GraphQLField<unknown, unknown>): string | null => {
    const parts: string[] = [];
    for (const arg of field.args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      const named = getNamedType(arg.type);
      if (arg.name === 'first' || arg.name === 'last') continue;
      if (!required && !(field.name === 'actor' && arg.name === 'slug')) continue;
      if (arg.name === 'ids')
        parts.push(
          `ids: [${options.ids
            .slice(0, 1 + Math.floor(next() * 4))
            .map((id) => `"${id}"`)
            .join(', ')}]`,
        );
      else if (arg.name === 'id') parts.push(`id: "${pick(options.ids)}"`);
      else if (arg.name === 'slug') parts.push(`slug: "${options.slug}"`);
      else if (isScalarType(named) && named.name === 'String') parts.push(`${arg.name}: "Dense"`);
      else if (isEnumType(named)) parts.push(`${arg.name}: ${named.getValues()[0].name}`);
      else return null; // an input object we do not make up
    }
    if (field.args.some((arg) => arg.name === 'first')) {
      const size = () => (chance(0.15) ? 100 : 1 + Math.floor(next() * 5));
      const roll = next();
      if (roll < 0.45) parts.push(`first: ${size()}`);
      else if (roll < 0.7) parts.push(`last: ${size()}`);
      else if (roll < 0.75) parts.push(`first: ${size()}, last: ${size()}`);
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  };

  const directive = () => {
    if (!chance(0.15)) return '';
    const name = chance(0.5) ? 'skip' : 'include';
    if (chance(0.5)) {
      usesFlag = true;
      return ` @${name}(if: $flag)`;
    }
    return ` @${name}(if: ${chance(0.5)})`;
  };

  const selectionSet = (type: GraphQLNamedType, depth: number): string => {
    if (isAbstractType(type)) {
      const branches = schema.getPossibleTypes(type);
      const chosen = branches.filter(() => chance(0.5)).slice(0, 3);
      const own = isInterfaceType(type) ? 'id ' : '__typename ';
      return `{ ${own}${chosen.map((branch) => `... on ${branch.name}${directive()} ${selectionSet(branch, depth)}`).join(' ')} }`;
    }
    const object = type as GraphQLObjectType;
    const fields = Object.values(object.getFields());
    const chosen: string[] = [];
    const count = 1 + Math.floor(next() * options.maxFields);
    for (let index = 0; index < count; index += 1) {
      const field = pick(fields);
      const named = getNamedType(field.type);
      const composite = isCompositeType(named);
      // Connections take three levels (connection, edges, node); lists and objects one.
      const levels = isConnection(named) ? 3 : 1;
      if (composite && depth + levels > options.maxDepth) {
        chosen.push('__typename');
        continue;
      }
      const args = argumentsFor(field);
      if (args === null) continue;
      const alias =
        chosen.some((entry) => entry.split(/[ ({]/)[0] === field.name) || chance(0.2)
          ? `a${(aliases += 1)}: `
          : '';
      const body = composite ? ` ${selectionSet(named, depth + levels)}` : '';
      chosen.push(`${alias}${field.name}${args}${directive()}${body}`);
    }
    if (!chosen.length) chosen.push('__typename');
    const inline = chosen.join(' ');
    if (!isObjectType(type) || !chance(options.fragmentRate)) return `{ ${inline} }`;
    const existing = fragments.filter((fragment) => fragment.on === type.name);
    if (existing.length && chance(0.6)) {
      // Spread an existing fragment again, maybe several times and inside inline fragments.
      const fragment = pick(existing);
      const spreads = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        chance(0.5) ? `...${fragment.name}` : `... on ${type.name} { ...${fragment.name} }`,
      );
      return `{ ${spreads.join(' ')} }`;
    }
    const name = `F${fragments.length}`;
    fragments.push({ name, on: type.name, body: inline });
    return `{ ...${name} }`;
  };

  const root = selectionSet(schema.getQueryType()!, 0);
  const variables = usesFlag ? '($flag: Boolean = true)' : '';
  return [
    `query Fuzz${variables} ${root}`,
    ...fragments.map((fragment) => `fragment ${fragment.name} on ${fragment.on} { ${fragment.body} }`),
  ].join('\n');
}

const isObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Objects in a response: every non-null object below `data` (connections, edges, nodes, pageInfo…). */
export function countObjects(value: unknown): number {
  const children: unknown[] = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return children.reduce<number>((sum, child) => sum + (isObject(child) ? 1 : 0) + countObjects(child), 0);
}
