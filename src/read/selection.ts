import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { analyseOperation, fieldsSelectedOn } from '../operation';

/** What reading a selection ahead of its resolvers needs: what a resolver's `info` holds. */
export interface SelectionScope {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/**
 * The fields selected on `type` under `fieldNodes`, by response key, as the executor collects them; read
 * from the operation analysis that the guards used (src/operation).
 */
export function collectFields(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  scope: SelectionScope,
): Map<string, FieldNode[]> {
  const structure = analyseOperation(scope.schema, scope.operation, scope.fragments);
  return fieldsSelectedOn(structure, fieldNodes, type, scope.schema, scope.variableValues);
}

/** The nodes of `field` selected on `type` (all response keys together), and the field's own type. */
export function selectedField(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  field: string,
  scope: SelectionScope,
): { nodes: FieldNode[]; type: GraphQLObjectType } | null {
  const definition = type.getFields()[field];
  const fieldType = definition && getNamedType(definition.type);
  if (!fieldType || !isObjectType(fieldType)) return null;
  const nodes = [...collectFields(fieldNodes, type, scope).values()]
    .flat()
    .filter((node) => node.name.value === field);
  return { nodes, type: fieldType };
}

/**
 * The one model column a field reads when it reads exactly one (a field exposing a column), else
 * undefined. The schema layer knows how its fields are built and supplies this; the read path only asks.
 */
export type ColumnOf = (field: GraphQLField<unknown, unknown>) => string | undefined;

/**
 * The model columns a selection of an object type reads, or null when that is not known.
 *
 * Known are `__typename`, the Relay `id` (the primary key) and fields for which `columnOf` names one
 * column. `nested` names relations that the reader loads inside the record itself, with the columns they
 * need of the record. Any other field (a relation loaded elsewhere, a computed field) may read anything,
 * so the answer is then null: read every column.
 */
export function selectedColumns(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  scope: SelectionScope,
  columnOf: ColumnOf,
  nested: Record<
    string,
    { columns: string[]; read: (nodes: FieldNode[], type: GraphQLObjectType) => void }
  > = {},
): Set<string> | null {
  const columns = new Set(['id']);
  for (const [, nodes] of collectFields(fieldNodes, type, scope)) {
    const name = nodes[0].name.value;
    if (name === '__typename' || name === 'id') continue;
    const definition = type.getFields()[name];
    const exposed = definition && columnOf(definition);
    if (exposed) columns.add(exposed);
    else if (nested[name]) {
      for (const column of nested[name].columns) columns.add(column);
      const relationType = getNamedType(definition.type);
      if (isObjectType(relationType)) nested[name].read(nodes, relationType);
    } else return null;
  }
  return columns;
}
