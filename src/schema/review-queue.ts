import type { CandidateKind, CandidateStatus } from '../../generated/prisma/enums';
import { builder } from './builder';
import { CandidateKindEnum, CandidateStatusEnum } from './enums';
import { candidateWhere } from './ingest';
import { reviewReadScope, viewerHasScope } from './scopes';
import { DomainError } from '../domain/errors';

// The review desk's reads: the queue, filtered and newest first, and its live changes.

builder.queryFields((t) => ({
  candidates: t.prismaConnection(
    {
      type: 'Candidate',
      authScopes: reviewReadScope,
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      description: 'Candidates for review, oldest first (or newest first).',
      args: {
        status: t.arg({ type: CandidateStatusEnum, defaultValue: 'NEEDS_REVIEW' }),
        articleId: t.arg.nodeId({ for: 'Article', required: false }),
        kind: t.arg({ type: CandidateKindEnum, required: false }),
        source: t.arg.string({
          required: false,
          description: "Only candidates from this outlet's articles.",
        }),
        newestFirst: t.arg.boolean({ required: false, defaultValue: false }),
      },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.candidate.findMany({
          ...query,
          where: queueWhere(args),
          orderBy: { id: args.newestFirst ? 'desc' : 'asc' },
        }),
      totalCount: (_parent, args, ctx) => ctx.prisma.candidate.count({ where: queueWhere(args) }),
    },
    { name: 'CandidateConnection' },
  ),
}));

builder.subscriptionField('candidateChanges', (t) =>
  t.prismaField({
    type: 'Candidate',
    nullable: true,
    authScopes: reviewReadScope,
    description:
      'Each candidate as it is created, edited, accepted or rejected, by any editor in any process: what a review desk needs to keep its queue current. Not a log: there is no cursor to resume from, so re-read the queue (`candidates`) whenever you (re)subscribe. Null when the candidate was deleted meanwhile.',
    // Scope auth guards resolvers, which run per event; a subscriber without the scope is refused here,
    // before it joins, with the same errors.
    subscribe: (_root, _args, ctx) => {
      if (!viewerHasScope(ctx.viewer, 'review:read'))
        throw ctx.viewer
          ? new DomainError('FORBIDDEN', `API key ${ctx.viewer.prefix} may not use candidateChanges`)
          : new DomainError(
              'UNAUTHENTICATED',
              'candidateChanges needs an API key (Authorization: Bearer <key>)',
            );
      return ctx.reviewNotices.subscribe();
    },
    resolve: (query, candidateId, _args, ctx) =>
      ctx.prisma.candidate.findUnique({ ...query, where: { id: candidateId as unknown as number } }),
  }),
);

function queueWhere(args: {
  status?: CandidateStatus | null;
  articleId?: number | null;
  kind?: CandidateKind | null;
  source?: string | null;
}) {
  return {
    ...candidateWhere(args),
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.source ? { article: { source: args.source } } : {}),
  };
}
