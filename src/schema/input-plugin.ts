import SchemaBuilder, {
  BasePlugin,
  InputFieldBuilder,
  PothosSchemaError,
  type FieldRequiredness,
  type InputOrArgRef,
  type InputShapeFromTypeParam,
  type PothosInputFieldConfig,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { decodeCursor, type CursorKind } from '../cursors';
import { refuseMixedDirections } from '../read/paging';
import { ValidationError, type FieldPath } from '../domain/errors';
import { parseGlobalId } from '../global-ids';

/**
 * One pass over a field's arguments, before its resolver runs and after the scope check, with the path of
 * every value at hand, so that every bad input is a BAD_USER_INPUT error naming its field:
 *
 * - `t.nodeId({ for: 'Actor' })` / `t.nodeIdList(...)` (and `t.arg.nodeId`): a global id of one of those
 *   types, read by the one strict parser (src/global-ids.ts) and handed to the resolver as the row id.
 *   Relay's own `t.globalID` parses loosely (`Number`), throws a plain Error (masked as INTERNAL) and knows
 *   no path; it stays only on Relay's own `node`/`nodes` fields, whose decoder is the strict one too.
 * - `after` / `before` of a connection: read by the one cursor codec (src/cursors.ts), of the kind the
 *   field declares in `extensions: { cursor }` (default `key`, Prisma's `GPC:N:<id>`), before Pothos or
 *   the page SQL sees them.
 * - Every string: no NUL character (PostgreSQL text cannot hold one; it failed as an internal error).
 */

/** Every type that implements Node; checked against the built schema (see afterBuild). */
export const nodeTypenames = [
  'Actor',
  'Article',
  'Candidate',
  'CandidateActor',
  'Development',
  'Evidence',
  'Meeting',
  'Proposal',
  'Source',
  'Stance',
] as const;
export type NodeTypename = (typeof nodeTypenames)[number];

type NodeIdOptions<Types extends SchemaTypes, Req extends boolean, Kind extends 'Arg' | 'InputObject'> = Omit<
  PothosSchemaTypes.InputFieldOptionsByKind<Types, 'ID', Req>[Kind],
  'type'
> & { for: NodeTypename | NodeTypename[] };

type NodeIdListOptions<
  Types extends SchemaTypes,
  Req extends FieldRequiredness<['ID']>,
  Kind extends 'Arg' | 'InputObject',
> = Omit<PothosSchemaTypes.InputFieldOptionsByKind<Types, ['ID'], Req>[Kind], 'type'> & {
  for: NodeTypename | NodeTypename[];
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how Pothos plugins extend its builder types
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      strictInputs: StrictInputsPlugin<Types>;
    }
    export interface InputFieldBuilder<Types extends SchemaTypes, Kind extends 'Arg' | 'InputObject'> {
      /** A global id of one of the `for` types; the resolver receives its row id. */
      nodeId: <Req extends boolean>(
        options: NodeIdOptions<Types, Req, Kind>,
      ) => InputOrArgRef<Types, InputShapeFromTypeParam<Types, 'Int', Req>, Kind>;
      nodeIdList: <Req extends FieldRequiredness<['ID']>>(
        options: NodeIdListOptions<Types, Req, Kind>,
      ) => InputOrArgRef<Types, InputShapeFromTypeParam<Types, ['Int'], Req>, Kind>;
    }
  }
}

const nodeIdKey = 'nodeIdFor';
const cursorKey = 'cursor';

const inputFieldBuilder = InputFieldBuilder.prototype as unknown as {
  id(options: object): unknown;
  idList(options: object): unknown;
  nodeId(options: { for: NodeTypename | NodeTypename[]; extensions?: object }): unknown;
  nodeIdList(options: { for: NodeTypename | NodeTypename[]; extensions?: object }): unknown;
};
inputFieldBuilder.nodeId = function nodeId({ for: types, ...options }) {
  return this.id({ ...options, extensions: { ...options.extensions, [nodeIdKey]: [types].flat() } });
};
inputFieldBuilder.nodeIdList = function nodeIdList({ for: types, ...options }) {
  return this.idList({ ...options, extensions: { ...options.extensions, [nodeIdKey]: [types].flat() } });
};

export class StrictInputsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onInputFieldConfig(fieldConfig: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    const relayNodeField =
      fieldConfig.kind === 'Arg' && ['node', 'nodes'].includes(fieldConfig.parentField ?? '');
    if (relayNodeField) return fieldConfig;
    // Every ID input is a node id, read strictly: a plain t.id or Relay's t.globalID would read it loosely.
    let type = fieldConfig.type;
    while (type.kind === 'List') type = type.type;
    if (this.buildCache.getTypeConfig(type.ref).name === 'ID' && !fieldConfig.extensions?.[nodeIdKey])
      throw new PothosSchemaError(
        `${fieldConfig.parentType}.${fieldConfig.name}: use t.nodeId / t.nodeIdList (strict, with paths), not t.id or t.globalID`,
      );
    return fieldConfig;
  }

  override afterBuild(schema: GraphQLSchema): GraphQLSchema {
    const node = schema.getType('Node');
    if (node && isInterfaceType(node)) {
      const built = schema
        .getPossibleTypes(node)
        .map((type) => type.name)
        .sort();
      if (built.join() !== [...nodeTypenames].sort().join())
        throw new PothosSchemaError(`nodeTypenames must list the Node types: ${built.join(', ')}`);
    }
    return schema;
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) =>
      resolver(parent, checkedArguments(fieldOf(info), args), context, info);
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return (parent, args, context, info) =>
      subscribe(parent, checkedArguments(fieldOf(info), args), context, info);
  }
}

SchemaBuilder.registerPlugin('strictInputs', StrictInputsPlugin);

/** The plugin's name, for `plugins: [...]`. */
const strictInputsPlugin = 'strictInputs' as const;
export default strictInputsPlugin;

function fieldOf(info: GraphQLResolveInfo): GraphQLField<unknown, unknown> {
  return info.parentType.getFields()[info.fieldName];
}

/**
 * The arguments of `field` (as graphql-js coerced them) checked and mapped: node ids become row ids,
 * cursors and strings are checked. Also for callers outside a resolver, such as the live cohorts.
 */
export function checkedArguments<Args extends object>(
  field: GraphQLField<unknown, unknown>,
  args: Args,
): Args {
  const mapped: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const argument of field.args) {
    const value = mapped[argument.name];
    if (value === undefined || value === null) continue;
    const cursor = cursorKindOf(field, argument);
    if (cursor && typeof value === 'string') decodeCursor(cursor, value, [argument.name]);
    mapped[argument.name] = checkedValue(argument.type, value, [argument.name], argument.extensions);
  }
  // Key cursors are Prisma-style connections (the hand-read actor pages too), which page one way only.
  const after = field.args.find((argument) => argument.name === 'after');
  const kind = after && cursorKindOf(field, after);
  if (kind === 'key' || kind === 'keyPair') refuseMixedDirections(mapped);
  return mapped as Args;
}

/** The cursor kind of a connection's `after`/`before`: declared by the field, or Prisma's `id` cursor. */
function cursorKindOf(field: GraphQLField<unknown, unknown>, argument: GraphQLArgument): CursorKind | null {
  if (argument.name !== 'after' && argument.name !== 'before') return null;
  const declared = field.extensions?.[cursorKey] as CursorKind | undefined;
  if (declared) return declared;
  return getNamedType(field.type).name.endsWith('Connection') ? 'key' : null;
}

function checkedValue(
  type: GraphQLInputType,
  value: unknown,
  path: FieldPath,
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return checkedValue(type.ofType, value, path, extensions);
  if (isListType(type)) {
    const itemType = type.ofType as GraphQLInputType;
    return Array.isArray(value)
      ? value.map((item, index) => checkedValue(itemType, item, [...path, index], extensions))
      : checkedValue(itemType, value, path, extensions);
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const mapped: Record<string, unknown> = {};
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const inputField = fields[name];
      mapped[name] = inputField
        ? checkedValue(inputField.type, fieldValue, [...path, name], inputField.extensions)
        : fieldValue;
    }
    return mapped;
  }
  if (typeof value !== 'string') return value;
  if (value.includes('\u0000')) throw ValidationError.at(path, 'must not contain NUL characters');
  const nodeTypes = extensions?.[nodeIdKey] as NodeTypename[] | undefined;
  return nodeTypes ? parseGlobalId(value, nodeTypes, path) : value;
}
