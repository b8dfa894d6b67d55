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
 * Per structure: its figures when computing them read no variable (no page size, id list or @skip/@include
 * given by one), which then hold for every request of it; `null` once a computation read one. Figures with
 * a problem are not kept: their error goes to one client.
 */
const variableFree = new WeakMap<
  OperationStructure,
  { rules: PageRules; figures: OperationFigures } | null
>();

const sameRules = (a: PageRules, b: PageRules) =>
  a.maxPageSize === b.maxPageSize && a.defaultPageSize === b.defaultPageSize;

/** `computeFigures`, noting whether it read any variable. */
function figuresNotingReads(
  structure: OperationStructure,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  rules: PageRules,
): { figures: OperationFigures; readVariables: boolean } {
  let readVariables = false;
  const watched = new Proxy(variables ?? noVariables, {
    get(target, name, receiver) {
      readVariables = true;
      return Reflect.get(target, name, receiver);
    },
    has(target, name) {
      readVariables = true;
      return Reflect.has(target, name);
    },
    ownKeys(target) {
      readVariables = true;
      return Reflect.ownKeys(target);
    },
  });
  const figures = computeFigures(structure, watched, rules);
  return { figures, readVariables };
}

/**
 * The structure and this request's figures. Every guard of one request asks with the same variables
 * object, so the figures are computed once per request, and once per operation when they depend on no
 * variable (the nested and point reads: a point read's only variable is the id).
 */
export function analyseRequest(
  args: OperationArgs,
  rules: PageRules = defaultPageRules,
): { structure: OperationStructure; figures: OperationFigures } {
  const structure = analyse(args.schema, args.document, args.operationName);
  const free = variableFree.get(structure);
  if (free && sameRules(free.rules, rules)) return { structure, figures: free.figures };
  const key = args.variableValues ?? noVariables;
  let byVariables = figuresByVariables.get(structure);
  if (!byVariables) {
    byVariables = new WeakMap();
    figuresByVariables.set(structure, byVariables);
  }
  const known = byVariables.get(key);
  if (known && sameRules(known.rules, rules)) return { structure, figures: known.figures };
  let figures: OperationFigures;
  if (free === undefined) {
    // First request of this operation: find out whether its figures depend on the variables.
    const noted = figuresNotingReads(structure, args.variableValues, rules);
    figures = noted.figures;
    if (noted.readVariables) variableFree.set(structure, null);
    else if (!figures.problem) variableFree.set(structure, { rules, figures });
  } else figures = computeFigures(structure, args.variableValues, rules);
  byVariables.set(key, { rules, figures });
  return { structure, figures };
}
