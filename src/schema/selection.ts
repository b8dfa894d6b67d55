import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type GraphQLSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';

/** What reading a selection ahead of its resolvers needs: the schema, the document's fragments and the variables. */
export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/**
 * The fields selected on `type` under `fieldNodes`, by response key, as the executor collects them:
 * @skip/@include and type conditions honoured, each fragment visited once.
 */
export function collectFields(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  scope: SelectionScope,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const included = (node: { directives?: FieldNode['directives'] }) =>
    getDirectiveValues(GraphQLSkipDirective, node, scope.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, scope.variableValues)?.if !== false;
  // As the executor decides: the type itself, or an interface or union that contains it.
  const applies = (typeName: string | undefined) => {
    if (typeName === undefined || typeName === type.name) return true;
    const condition = scope.schema.getType(typeName);
    return condition !== undefined && isAbstractType(condition) && scope.schema.isSubType(condition, type);
  };
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = scope.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const node of fieldNodes) visit(node.selectionSet);
  return fields;
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
 * The model columns a selection of a Pothos object type reads, or null when that is not known.
 *
 * Known are `__typename`, the Relay `id` (the primary key) and fields made with `t.expose…`, which read
 * one column each (Pothos marks them `pothosExposedField`). `nested` names relations that the reader
 * loads inside the record itself, with the columns they need of the record. Any other field (a relation
 * loaded by Pothos, a computed field) may read anything, so the answer is then null: read every column.
 */
export function selectedColumns(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  scope: SelectionScope,
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
    const exposed = definition?.extensions?.pothosExposedField;
    if (typeof exposed === 'string') columns.add(exposed);
    else if (nested[name]) {
      for (const column of nested[name].columns) columns.add(column);
      const relationType = getNamedType(definition.type);
      if (isObjectType(relationType)) nested[name].read(nodes, relationType);
    } else return null;
  }
  return columns;
}
