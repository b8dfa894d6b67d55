import { encodeGlobalId } from '../global-ids';
import { addSource, removeSource, updateSource } from '../domain/sources';
import { builder } from './builder';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { capped } from './list-caps';

// Sources are configuration: only admins see or change them (a feed URL can name a private arrangement).
const adminOnly = { scope: 'admin' } as const;
const maxSources = 500;

builder.prismaNode('Source', {
  id: { field: 'id' },
  authScopes: adminOnly,
  description: 'A news feed (RSS 2.0 or Atom) that the server polls for articles (scope ADMIN).',
  fields: (t) => ({
    feedUrl: t.exposeString('feedUrl'),
    name: t.exposeString('name', { description: "The outlet's name, stored as each article's `source`." }),
    language: t.exposeString('language'),
    timeZone: t.exposeString('timeZone', { description: 'IANA zone for dates written without an offset.' }),
    pollIntervalSeconds: t.exposeInt('pollIntervalSeconds'),
    enabled: t.exposeBoolean('enabled'),
    fullTextAllowed: t.exposeBoolean('fullTextAllowed', {
      description:
        "Whether the page's full text may be stored and served; when false the feed's own summary is kept.",
    }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last failed poll failed.',
    }),
    lastErrorAt: t.expose('lastErrorAt', { type: 'DateTime', nullable: true }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    nextPollAt: t.expose('nextPollAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AddSourceInput = builder.inputType('AddSourceInput', {
  fields: (t) => ({
    feedUrl: t.string({ required: true, description: 'http(s); polled from public addresses only.' }),
    name: t.string({ required: true }),
    language: t.string({ required: false, description: 'One of ar, en, he, fr; default ar.' }),
    timeZone: t.string({ required: false, description: 'Default Asia/Gaza.' }),
    pollIntervalSeconds: t.int({ required: false, description: '60 to 86400; default 900.' }),
    enabled: t.boolean({ required: false }),
    fullTextAllowed: t.boolean({ required: false, description: 'Default false.' }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const UpdateSourceInput = builder.inputType('UpdateSourceInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Source', required: true }),
    name: t.string({ required: false }),
    language: t.string({ required: false }),
    timeZone: t.string({ required: false }),
    pollIntervalSeconds: t.int({ required: false }),
    enabled: t.boolean({ required: false, description: 'Enabling makes the source due at once.' }),
    fullTextAllowed: t.boolean({ required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.queryField('sources', (t) =>
  t.prismaField({
    type: ['Source'],
    authScopes: adminOnly,
    description: `The first ${maxSources} sources, oldest first (scope ADMIN).`,
    ...capped(maxSources),
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.source.findMany({ ...query, orderBy: { id: 'asc' }, take: maxSources }),
  }),
);

builder.mutationFields((t) => ({
  addSource: t.prismaField({
    type: 'Source',
    authScopes: adminOnly,
    description: 'Adds a feed (scope ADMIN); it is polled at once, then every pollIntervalSeconds.',
    args: { input: t.arg({ type: AddSourceInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { idempotencyKey, ...fields } = input;
      const { sourceId } = await addSource(writeContext(ctx, idempotencyKey), fields as never);
      return ctx.prisma.source.findUniqueOrThrow({ ...query, where: { id: sourceId } });
    },
  }),
  updateSource: t.prismaField({
    type: 'Source',
    authScopes: adminOnly,
    description:
      'Changes a source (scope ADMIN): `enabled: false` stops polling it, `true` polls it at once.',
    args: { input: t.arg({ type: UpdateSourceInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { idempotencyKey, id, ...fields } = input;
      const { sourceId } = await updateSource(writeContext(ctx, idempotencyKey), {
        ...(fields as never as Record<string, never>),
        id,
      });
      return ctx.prisma.source.findUniqueOrThrow({ ...query, where: { id: sourceId } });
    },
  }),
  removeSource: t.field({
    type: 'ID',
    authScopes: adminOnly,
    description: 'Removes a source (scope ADMIN) and answers its id; its articles stay.',
    args: {
      id: t.arg.nodeId({ for: 'Source', required: true }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, args, ctx) => {
      await removeSource(writeContext(ctx, args.idempotencyKey, ['idempotencyKey']), { id: args.id });
      return encodeGlobalId('Source', args.id);
    },
  }),
}));
