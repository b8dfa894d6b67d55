import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { computeFigures, defaultPageRules, type OperationFigures, type PageRules } from './figures';
import { buildStructure, findOperation, type OperationStructure } from './structure';

/**
 * The one analysis of an operation that every guard, the response cache, the live cohorts and the read
 * path use: its type, its root fields after fragments, page sizes, list caps and cost, introspection and
 * scoped fields, how often each variable is used. Depends on graphql-js only.
 *
 * The structure is memoised per operation node (one per document and operation name; Yoga's parser cache
 * hands out the same document for the same text); the figures are computed once per request.
 */
export {
  conditionsHold,
  defaultPageRules,
  withDefaults,
  type OperationFigures,
  type PageRules,
} from './figures';
export {
  findOperation,
  type FieldPlan,
  type GroupPlan,
  type OperationStructure,
  type SetPlan,
} from './structure';
export { fieldsSelectedOn } from './selection';
export { measureMergeWork, type MergeWork } from './merge-work';

const structures = new WeakMap<GraphQLSchema, WeakMap<object, OperationStructure>>();

function structuresOf(schema: GraphQLSchema): WeakMap<object, OperationStructure> {
  let bySchema = structures.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    structures.set(schema, bySchema);
  }
  return bySchema;
}

const fragmentMaps = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let fragments = fragmentMaps.get(document);
  if (!fragments) {
    fragments = {};
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    fragmentMaps.set(document, fragments);
  }
  return fragments;
}

/** The structure of the operation a request runs in `document`. */
export function analyse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationStructure {
  const operation = findOperation(document, operationName);
  // Several unnamed operations or an unknown name: nothing runs; the structure only carries the name (for logs).
  if (!operation) return buildStructure(schema, null, {}, operationName);
  return analyseOperation(schema, operation, fragmentsOf(document));
}

/** The structure of an operation given its node and fragments (what a resolver's `info` holds). */
export function analyseOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): OperationStructure {
  const bySchema = structuresOf(schema);
  let structure = bySchema.get(operation);
  if (!structure) {
    structure = buildStructure(schema, operation, fragments, operation.name?.value);
    bySchema.set(operation, structure);
  }
  return structure;
}

/** What an execution hook has at hand. */
export interface OperationArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Readonly<Record<string, unknown>> | null;
}

const figuresByVariables = new WeakMap<
  OperationStructure,
  WeakMap<object, { rules: PageRules; figures: OperationFigures }>
>();
const noVariables = {};

/**
 * The structure and this request's figures. Every guard of one request asks with the same variables
 * object, so the figures are computed once per request.
 */
export function analyseRequest(
  args: OperationArgs,
  rules: PageRules = defaultPageRules,
): { structure: OperationStructure; figures: OperationFigures } {
  const structure = analyse(args.schema, args.document, args.operationName);
  const key = args.variableValues ?? noVariables;
  let byVariables = figuresByVariables.get(structure);
  if (!byVariables) {
    byVariables = new WeakMap();
    figuresByVariables.set(structure, byVariables);
  }
  const known = byVariables.get(key);
  if (
    known &&
    known.rules.maxPageSize === rules.maxPageSize &&
    known.rules.defaultPageSize === rules.defaultPageSize
  )
    return { structure, figures: known.figures };
  const figures = computeFigures(structure, args.variableValues, rules);
  byVariables.set(key, { rules, figures });
  return { structure, figures };
}
