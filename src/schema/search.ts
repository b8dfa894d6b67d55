import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { search, type SearchHit } from '../read/search';
import { Actor } from './actor';
import { builder } from './builder';
import { Article } from './article';
import { Proposal } from './proposal';

const SearchKindEnum = builder.enumType('SearchKind', { values: ['ARTICLE', 'ACTOR', 'PROPOSAL'] as const });

const typenames = { ARTICLE: 'Article', ACTOR: 'Actor', PROPOSAL: 'Proposal' } as const;

const SearchResult = builder.unionType('SearchResult', {
  types: [Article, Actor, Proposal],
  resolveType: (value) => (value as unknown as { __typename: string }).__typename,
});

const Highlight = builder.objectRef<{ start: number; end: number }>('SnippetHighlight').implement({
  description: 'Where the match stands in the snippet, as [start, end) offsets.',
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  fields: (t) => ({
    kind: t.field({ type: SearchKindEnum, resolve: (hit) => hit.kind }),
    score: t.exposeFloat('score', {
      description:
        'How well the hit matches, 0..1. Articles: full-text rank of the query words in the article (title words count most, repeats less and less). Actors and proposals: trigram word similarity of the normalized query and text.',
    }),
    snippet: t.string({
      resolve: (hit) => hit.snippet.text,
      description: 'The original text around the best match.',
    }),
    highlight: t.field({ type: Highlight, nullable: true, resolve: (hit) => hit.snippet.highlight }),
    node: t.field({
      type: SearchResult,
      // findUnique calls of one tick are batched by Prisma into one query per model.
      resolve: async (hit, _args, ctx) => {
        const where = { where: { id: hit.id } };
        const row =
          hit.kind === 'ARTICLE'
            ? await ctx.prisma.article.findUnique(where)
            : hit.kind === 'ACTOR'
              ? await ctx.prisma.actor.findUnique(where)
              : await ctx.prisma.proposal.findUnique(where);
        return Object.assign(row ?? {}, { __typename: typenames[hit.kind] }) as never;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchHitRef,
      description:
        'Searches articles, actors and proposals, in Arabic regardless of diacritics, hamza forms, ta marbuta, spelling variants and attached clitics (نتانياهو finds نتنياهو), best match first.',
      args: {
        query: t.arg.string({ required: true }),
        kinds: t.arg({ type: [SearchKindEnum], required: false }),
      },
      // Offsets are bounded by the codec (src/cursors.ts): at most MAX_PAGES pages deep.
      extensions: { cursor: 'offset' },
      resolve: (_parent, args, ctx) =>
        resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ offset, limit }) =>
          search(ctx, args.query, { kinds: args.kinds ?? undefined, limit: offset + limit }).then((hits) =>
            hits.slice(offset, offset + limit),
          ),
        ),
    },
    { name: 'SearchConnection' },
  ),
}));
