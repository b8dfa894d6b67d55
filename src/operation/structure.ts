import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  print,
  visit,
  type ArgumentNode,
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * The variable-independent shape of one operation: built once per operation node (so per document and
 * operation name), each fragment built once and shared by every spread. Numbers that depend on variables
 * (page sizes, @skip/@include) are evaluated per request from this shape by `./figures.ts`.
 */

/** How many items a field can return, before variables are known. */
export type FieldSize =
  /** A scalar or enum (or a list of them): no nodes of its own. */
  | { kind: 'leaf' }
  /** One object. */
  | { kind: 'one' }
  /** A plain list of objects, truncated at `cap`. */
  | { kind: 'list'; cap: number }
  /** A connection: `first`/`last` decide how many edges (and nodes) its page has. */
  | { kind: 'connection'; first: ValueNode | null; last: ValueNode | null }
  /** `edges` or `nodes` of a connection: as many as the connection's page. */
  | { kind: 'page' }
  /** A list that returns one item per id it is given (`nodes(ids:)`). */
  | { kind: 'ids'; ids: ValueNode; max: number };

export interface FieldPlan {
  kind: 'field';
  node: FieldNode;
  responseKey: string;
  name: string;
  /** The named type the field is selected on (its parent). */
  parentType: string;
  /** The named type the field returns, when the schema knows the field. */
  returnType: GraphQLNamedType | null;
  /** @skip / @include on this field. */
  conditions: readonly DirectiveNode[];
  size: FieldSize;
  /** The field (or the type it returns) declares scopes it needs (`authScopes`). */
  scoped: boolean;
  children: SetPlan | null;
}

export interface GroupPlan {
  kind: 'group';
  /** The type condition of an inline fragment or a named fragment; null: always applies. */
  typeCondition: string | null;
  /** The fragment's name, for a spread; null for an inline fragment. */
  fragment: string | null;
  conditions: readonly DirectiveNode[];
  set: SetPlan;
}

export interface SetPlan {
  items: (FieldPlan | GroupPlan)[];
}

export interface OperationStructure {
  operation: OperationDefinitionNode | null;
  type: OperationTypeNode | null;
  /** The operation's own name, else the requested one. */
  name: string | null;
  root: SetPlan;
  /** Every field of the operation by its node, fragments included (for resolvers reading ahead). */
  fields: ReadonlyMap<FieldNode, FieldPlan>;
  /** Fields that need a scope (mutations, scoped reads), each listed once. */
  scopedFields: readonly FieldPlan[];
  /** `__schema` or `__type` is selected somewhere. */
  introspection: boolean;
  /** Default values of the operation's variables, for variables a request leaves out. */
  variableDefaults: ReadonlyMap<string, ValueNode>;
  /**
   * How often each variable is used: in arguments (at any depth of lists and input objects) and directive
   * arguments of the operation, its selections and the fragments it spreads, each fragment counted once
   * however often it is spread (as the document reads). A variable's definition is not a use. The live
   * cohorts leave a variable used only as the cursor argument out of their key (src/live/cohort-key.ts);
   * a count can only be too high in a document validation refuses, which keeps a variable in that key.
   */
  variableUses: ReadonlyMap<string, number>;
  /** Selections visited to build this structure (each fragment once); the fuzz tests bound it. */
  work: number;
  /** One printed form of the document, for cache and cohort keys; printed on first use. */
  readonly printed: string;
}

export interface StructureOptions {
  /** The cap of a plain list field that declares none (`extensions.listCap`). */
  defaultListCap: number;
  /** Most ids `nodes(ids:)`-style fields take. */
  maxIds: number;
}

export const defaultStructureOptions: StructureOptions = { defaultListCap: 100, maxIds: 100 };

const introspectionFields = new Set(['__schema', '__type']);

/** The operation a request runs: the named one, or the only one. */
export function findOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | null {
  let found: OperationDefinitionNode | null = null;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName) {
      if (definition.name?.value === operationName) return definition;
    } else {
      // As the executor decides: several operations and no name is an error, so nothing runs.
      if (found) return null;
      found = definition;
    }
  }
  return found;
}

function conditionsOf(node: { directives?: readonly DirectiveNode[] }): readonly DirectiveNode[] {
  const directives = node.directives ?? [];
  return directives.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include')
    ? directives.filter((directive) => directive.name.value === 'skip' || directive.name.value === 'include')
    : none;
}
const none: readonly DirectiveNode[] = [];

function declaresScopes(extensions: unknown): boolean {
  const options = (extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions;
  return options?.authScopes !== undefined;
}

function isConnectionType(type: GraphQLNamedType | null): boolean {
  if (!type || !isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function sizeOf(
  definition: GraphQLField<unknown, unknown> | undefined,
  node: FieldNode,
  parentType: GraphQLNamedType | null,
  options: StructureOptions,
): FieldSize {
  if (!definition || !node.selectionSet) return { kind: 'leaf' };
  const nullable = getNullableType(definition.type);
  const returned = getNamedType(definition.type);
  if (!isCompositeType(returned)) return { kind: 'leaf' };
  const argument = (name: string) =>
    node.arguments?.find((candidate) => candidate.name.value === name)?.value ?? null;
  if (isConnectionType(returned))
    return { kind: 'connection', first: argument('first'), last: argument('last') };
  if (!isListType(nullable)) return { kind: 'one' };
  if (isConnectionType(parentType) && (node.name.value === 'edges' || node.name.value === 'nodes'))
    return { kind: 'page' };
  const ids = argument('ids');
  if (ids && definition.args.some((arg) => arg.name === 'ids'))
    return { kind: 'ids', ids, max: options.maxIds };
  const cap = (definition.extensions as { listCap?: unknown } | undefined)?.listCap;
  return { kind: 'list', cap: typeof cap === 'number' ? cap : options.defaultListCap };
}

export function buildStructure(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | null,
  fragmentDefinitions: Readonly<Record<string, FragmentDefinitionNode>>,
  requestedName: string | null | undefined,
  options: StructureOptions = defaultStructureOptions,
): OperationStructure {
  const fields = new Map<FieldNode, FieldPlan>();
  const scopedFields: FieldPlan[] = [];
  const fragments = new Map<string, SetPlan>();
  let introspection = false;
  let work = 0;
  const variableUses = new Map<string, number>();

  const countValue = (value: ValueNode): void => {
    if (value.kind === Kind.VARIABLE)
      variableUses.set(value.name.value, (variableUses.get(value.name.value) ?? 0) + 1);
    else if (value.kind === Kind.LIST) for (const item of value.values) countValue(item);
    else if (value.kind === Kind.OBJECT) for (const field of value.fields) countValue(field.value);
  };
  const countArguments = (args: readonly ArgumentNode[] | undefined): void => {
    for (const argument of args ?? []) countValue(argument.value);
  };
  const countDirectives = (directives: readonly DirectiveNode[] | undefined): void => {
    for (const directive of directives ?? []) countArguments(directive.arguments);
  };
  // Introspection selections get no plans (see buildSet), so their variables are counted here, with the
  // fragments spread in them (on introspection types, so never also built as plans).
  const unplannedFragments = new Set<string>();
  const countUnplanned = (node: ASTNode): void => {
    visit(node, {
      VariableDefinition: () => false,
      Argument(argument) {
        countValue(argument.value);
        return false;
      },
      FragmentSpread(spread) {
        const definition = fragmentDefinitions[spread.name.value];
        if (!definition || unplannedFragments.has(spread.name.value)) return;
        unplannedFragments.add(spread.name.value);
        countUnplanned(definition);
      },
    });
  };

  const buildFragment = (name: string): SetPlan | null => {
    const built = fragments.get(name);
    if (built) return built;
    const definition = fragmentDefinitions[name];
    if (!definition) return null;
    // Registered before it is built: a cycle (which validation refuses anyway) ends at the empty set.
    const set: SetPlan = { items: [] };
    fragments.set(name, set);
    countDirectives(definition.directives);
    set.items = buildSet(
      definition.selectionSet,
      schema.getType(definition.typeCondition.name.value) ?? null,
    );
    return set;
  };

  const buildSet = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | null,
  ): SetPlan['items'] => {
    const items: SetPlan['items'] = [];
    const spread = new Set<string>();
    for (const selection of selectionSet.selections) {
      work += 1;
      countDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        countArguments(selection.arguments);
        if (introspectionFields.has(name)) introspection = true;
        const definition =
          parentType && (isObjectType(parentType) || isInterfaceType(parentType))
            ? parentType.getFields()[name]
            : undefined;
        const returnType = definition ? getNamedType(definition.type) : null;
        const plan: FieldPlan = {
          kind: 'field',
          node: selection,
          responseKey: selection.alias?.value ?? name,
          name,
          parentType: parentType?.name ?? '',
          returnType,
          conditions: conditionsOf(selection),
          size: introspectionFields.has(name)
            ? { kind: 'leaf' }
            : sizeOf(definition, selection, parentType, options),
          scoped: declaresScopes(definition?.extensions) || declaresScopes(returnType?.extensions),
          children: null,
        };
        fields.set(selection, plan);
        if (plan.scoped) scopedFields.push(plan);
        // Introspection answers are not nodes of ours; their own rule decides whether they run.
        if (selection.selectionSet && !introspectionFields.has(name))
          plan.children = { items: buildSet(selection.selectionSet, returnType) };
        else if (selection.selectionSet) countUnplanned(selection.selectionSet);
        items.push(plan);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeCondition = selection.typeCondition?.name.value ?? null;
        items.push({
          kind: 'group',
          typeCondition,
          fragment: null,
          conditions: conditionsOf(selection),
          set: {
            items: buildSet(
              selection.selectionSet,
              typeCondition ? (schema.getType(typeCondition) ?? null) : parentType,
            ),
          },
        });
      } else {
        const name = selection.name.value;
        const conditions = conditionsOf(selection);
        // The executor runs a fragment once per selection set however often it is spread there.
        if (conditions === none && spread.has(name)) continue;
        if (conditions === none) spread.add(name);
        const set = buildFragment(name);
        if (!set) continue;
        items.push({
          kind: 'group',
          typeCondition: fragmentDefinitions[name].typeCondition.name.value,
          fragment: name,
          conditions,
          set,
        });
      }
    }
    return items;
  };

  countDirectives(operation?.directives);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  const root: SetPlan = { items: operation ? buildSet(operation.selectionSet, rootType ?? null) : [] };
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation?.variableDefinitions ?? [])
    if (definition.defaultValue)
      variableDefaults.set(definition.variable.name.value, definition.defaultValue);

  let printed: string | undefined;
  return {
    operation,
    type: operation?.operation ?? null,
    name: operation?.name?.value ?? requestedName ?? null,
    root,
    fields,
    scopedFields,
    introspection,
    variableDefaults,
    variableUses,
    work,
    get printed() {
      printed ??= operation
        ? [operation, ...Object.values(fragmentDefinitions)].map((node) => print(node)).join('\n')
        : '';
      return printed;
    },
  };
}
