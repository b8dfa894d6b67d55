import { isAbstractType, type FieldNode, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { conditionsHold } from './figures';
import type { OperationStructure, SetPlan } from './structure';

/**
 * The fields selected on `type` under `fieldNodes`, by response key, as the executor collects them:
 * @skip/@include and type conditions honoured, each fragment visited once. Read from the operation's
 * structure, so a resolver looking ahead sees exactly what the guards saw.
 */
export function fieldsSelectedOn(
  structure: OperationStructure,
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  schema: GraphQLSchema,
  variables: Readonly<Record<string, unknown>>,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  // As the executor decides: the type itself, or an interface or union that contains it.
  const applies = (typeName: string | null) => {
    if (typeName === null || typeName === type.name) return true;
    const condition = schema.getType(typeName);
    return condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  const visit = (set: SetPlan) => {
    for (const item of set.items) {
      if (!conditionsHold(item.conditions, variables)) continue;
      if (item.kind === 'field') {
        fields.set(item.responseKey, [...(fields.get(item.responseKey) ?? []), item.node]);
      } else if (item.fragment === null) {
        if (applies(item.typeCondition)) visit(item.set);
      } else if (!visited.has(item.fragment)) {
        visited.add(item.fragment);
        if (applies(item.typeCondition)) visit(item.set);
      }
    }
  };
  for (const node of fieldNodes) {
    const children = structure.fields.get(node)?.children;
    if (children) visit(children);
  }
  return fields;
}
