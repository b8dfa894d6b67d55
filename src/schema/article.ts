import { builder } from './builder';
import { parseGlobalId } from './ids';

builder.queryFields((t) => ({
  articles: t.prismaConnection(
    {
      type: 'Article',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: { source: t.arg.string({ required: false }) },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.article.findMany({
          ...query,
          where: args.source ? { source: args.source } : {},
          orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
        }),
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.article.count({ where: args.source ? { source: args.source } : {} }),
    },
    { name: 'ArticleConnection' },
  ),
  article: t.prismaField({
    type: 'Article',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.prisma.article.findUnique({ ...query, where: { id: parseGlobalId(args.id, 'Article', ['id']) } }),
  }),
}));
