import fc from 'fast-check';

/**
 * A small grammar of selections of the Actor type, for tests/read/hostile-read.test.ts: exposed columns,
 * aliased columns, relations and computed fields (which may read any column), and the actor's pages, each
 * written plainly or inside an inline fragment (on Actor, Node or SearchResult) or a named fragment, under
 * @include/@skip on three boolean variables, a page possibly split in two parts that GraphQL merges. Every
 * page field takes its paging from variables `$f<i>`, `$l<i>`, `$a<i>`, `$z<i>` (first, last, after, before).
 */

export type Kind = 'meetings' | 'proposals' | 'stances';
export const kinds: Kind[] = ['meetings', 'proposals', 'stances'];
export const nodeType: Record<Kind, string> = {
  meetings: 'Meeting',
  proposals: 'Proposal',
  stances: 'Stance',
};
export const booleans = ['b0', 'b1', 'b2'];

/** @include/@skip on a field, an inline fragment or a spread. */
export type Condition = { directive: 'include' | 'skip'; variable: string } | null;
/** How an item is written: as it is, or inside an inline fragment or a named fragment. */
export type Wrap = 'plain' | 'self' | 'node' | 'search' | 'named';

export interface Item {
  text: string;
  wrap: Wrap;
  condition: Condition;
}

export interface PagePart {
  fields: ('totalCount' | 'pageInfo' | 'cursor' | 'role' | 'node')[];
  node: Item[];
  wrap: Wrap;
  condition: Condition;
}

export interface PageItem {
  kind: Kind;
  key: string;
  parts: PagePart[];
}

export interface Selection {
  actor: Item[];
  pages: PageItem[];
}

export const conditionArbitrary: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc.record({
      directive: fc.constantFrom<'include' | 'skip'>('include', 'skip'),
      variable: fc.constantFrom(...booleans),
    }),
  },
);
/**
 * Fragments count towards graphql-armor's depth limit (12): `shallow` selections (for the meeting list,
 * five levels down) have no field two levels deep, and spreads only around fields without a selection.
 */
export const wrapArbitrary = (search: boolean, shallow: boolean): fc.Arbitrary<Wrap> =>
  shallow
    ? fc.constantFrom<Wrap>('plain', 'named')
    : fc.constantFrom<Wrap>(
        'plain',
        'plain',
        'self',
        'node',
        'named',
        ...(search ? ['search' as const] : []),
      );

// A field with a selection of its own stays within one wrap: deeper documents pass the depth limit.
export const itemArbitrary = (texts: string[], search: boolean, shallow = false) =>
  fc.constantFrom(...texts.filter((text) => !shallow || text.split('{').length <= 2)).chain((text) =>
    fc.record({
      text: fc.constant(text),
      wrap:
        text.split('{').length > 2
          ? fc.constant<Wrap>('plain')
          : text.includes('{')
            ? fc.constantFrom<Wrap>('plain', ...(shallow ? [] : ['self' as const, 'named' as const]))
            : wrapArbitrary(search, shallow),
      condition: conditionArbitrary,
    }),
  );

// Exposed columns, aliased columns, and fields that may read any column (relations, computed fields).
export const actorFields = [
  'id',
  '__typename',
  'slug',
  'name',
  'nameEn',
  'nameAr',
  'kind',
  'wikidataId',
  'description',
  'label: name',
  'affiliation { slug }',
  'aliases { text }',
];
export const nodeFields: Record<Kind, string[]> = {
  meetings: [
    'id',
    '__typename',
    'title',
    'slug',
    'summary',
    'occurredAt',
    'occurredAtPrecision',
    'venue',
    'city',
    'status',
    'when: occurredAt',
    'reportCount',
    'participants { role actor { slug } }',
  ],
  proposals: [
    'id',
    '__typename',
    'title',
    'slug',
    'summary',
    'status',
    'tabledAt',
    'tabledAtPrecision',
    'heading: title',
    'proposers { slug }',
    'revises { slug }',
  ],
  stances: [
    'id',
    '__typename',
    'stance',
    'summary',
    'asOf',
    'asOfPrecision',
    'proposal { title }',
    'proposal { id slug tabledAt }',
    'other: proposal { status summary }',
    'proposal { proposers { slug } }',
    'actor { slug }',
  ],
};

export const partArbitrary = (kind: Kind, shallow: boolean): fc.Arbitrary<PagePart> =>
  fc.record({
    fields: fc.subarray(
      kind === 'meetings'
        ? (['totalCount', 'pageInfo', 'cursor', 'role', 'node'] as const)
        : (['totalCount', 'pageInfo', 'cursor', 'node'] as const),
      { minLength: 1 },
    ),
    node: fc.array(itemArbitrary(nodeFields[kind], kind === 'proposals', shallow), {
      minLength: 1,
      maxLength: 4,
    }),
    wrap: shallow ? fc.constant<Wrap>('plain') : wrapArbitrary(true, shallow),
    condition: conditionArbitrary,
  }) as fc.Arbitrary<PagePart>;

export const selectionArbitrary = (shallow = false): fc.Arbitrary<Selection> =>
  fc
    .record({
      actor: fc.array(itemArbitrary(actorFields, true, shallow), { maxLength: 4 }),
      pages: fc.array(
        fc.record({
          kind: fc.constantFrom(...kinds),
          aliased: fc.boolean(),
          split: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
    })
    .chain(({ actor, pages }) => {
      // One unaliased page per kind at most: two with the same key and other arguments do not merge.
      const seen = new Set<Kind>();
      const keyed = pages.map((page, index) => {
        const key = page.aliased || seen.has(page.kind) ? `p${index}` : page.kind;
        seen.add(page.kind);
        return { ...page, key };
      });
      return fc
        .tuple(
          ...keyed.map((page) =>
            fc.array(partArbitrary(page.kind, shallow), {
              minLength: page.split ? 2 : 1,
              maxLength: page.split ? 2 : 1,
            }),
          ),
        )
        .map((parts) => ({
          actor,
          pages: keyed.map((page, index) => ({ kind: page.kind, key: page.key, parts: parts[index] })),
        }));
    })
    // Within the limits graphql-armor sets on a document (10 directives).
    .filter((selection) => renderSelection(selection).split('@').length <= 9);

export const directive = (condition: Condition) =>
  condition ? ` @${condition.directive}(if: $${condition.variable})` : '';

/** Writes items of `type` (wrapped as each says) and collects the named fragments they need. */
export function renderItems(items: Item[], type: string, fragments: string[], prefix: string): string {
  return items
    .map((item, index) => {
      const text = item.text;
      switch (item.wrap) {
        case 'plain': {
          // A directive goes after the field's name and arguments, before its selection.
          const brace = text.indexOf(' {');
          return brace < 0
            ? `${text}${directive(item.condition)}`
            : `${text.slice(0, brace)}${directive(item.condition)}${text.slice(brace)}`;
        }
        case 'self':
          return `... on ${type}${directive(item.condition)} { ${text} }`;
        case 'node':
          return `... on Node${directive(item.condition)} { ... on ${type} { ${text} } }`;
        case 'search':
          return `... on SearchResult${directive(item.condition)} { ... on ${type} { ${text} } }`;
        case 'named': {
          const name = `${prefix}_${index}`;
          fragments.push(`fragment ${name} on ${type} { ${text} }`);
          return `...${name}${directive(item.condition)}`;
        }
      }
    })
    .join(' ');
}

export const pageInfoText = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

export function renderPart(
  page: PageItem,
  part: PagePart,
  index: number,
  fragments: string[],
  prefix: string,
) {
  const edge: string[] = [];
  if (part.fields.includes('cursor')) edge.push('cursor');
  if (part.fields.includes('role')) edge.push('role');
  if (part.fields.includes('node'))
    edge.push(`node { ${renderItems(part.node, nodeType[page.kind], fragments, `${prefix}N`)} }`);
  const body = [
    part.fields.includes('totalCount') ? 'totalCount' : '',
    part.fields.includes('pageInfo') ? pageInfoText : '',
    edge.length ? `edges { ${edge.join(' ')} }` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const field = `${page.key === page.kind ? '' : `${page.key}: `}${page.kind}(first: $f${index}, last: $l${index}, after: $a${index}, before: $z${index})`;
  return { field, body };
}

/** The selection as a fragment `A` on Actor and the fragments it spreads. */
export function renderSelection(selection: Selection): string {
  const fragments: string[] = [];
  const actor = renderItems(selection.actor, 'Actor', fragments, 'AF');
  const pages = selection.pages.flatMap((page, index) =>
    page.parts.map((part, partIndex) => {
      const { field, body } = renderPart(page, part, index, fragments, `P${index}_${partIndex}`);
      return renderItems(
        [{ text: `${field} { ${body} }`, wrap: part.wrap, condition: part.condition }],
        'Actor',
        fragments,
        `PF${index}_${partIndex}`,
      );
    }),
  );
  return [`fragment A on Actor { ${[actor, ...pages].join(' ') || '__typename'} }`, ...fragments].join('\n');
}

/** The variables a document declares: every one it uses (an unused one fails validation). */
export function variableDefinitions(selection: Selection, text: string, id = true): string {
  const pages = selection.pages.map(
    (_page, index) => `$f${index}: Int, $l${index}: Int, $a${index}: String, $z${index}: String`,
  );
  const flags = booleans.filter((name) => text.includes(`$${name})`)).map((name) => `$${name}: Boolean!`);
  return [...(id ? ['$id: ID!'] : []), ...flags, ...pages].join(', ');
}

/** The three reads of one selection: the point read, and the actor from Prisma through two fields. */
export function documents(selection: Selection) {
  const fragments = renderSelection(selection);
  const vars = variableDefinitions(selection, fragments);
  return {
    point: `query Point(${vars}) { actor(id: $id) { ...A } }\n${fragments}`,
    bySlug: `query Slug(${['$slug: String!', variableDefinitions(selection, fragments, false)].filter(Boolean).join(', ')}) { actor(slug: $slug) { ...A } }\n${fragments}`,
    nodes: `query Nodes(${vars}) { nodes(ids: [$id]) { ...A } }\n${fragments}`,
    actors: `query Actors(${vars}) { actors(first: 5, filter: { ids: [$id] }) { edges { node { ...A } } } }\n${fragments}`,
  };
}

export const holds = (condition: Condition, variables: Record<string, unknown>) =>
  !condition || (condition.directive === 'include') === Boolean(variables[condition.variable]);
