import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { analyse, measureMergeWork } from '../operation';
import { useOperationGuard } from './guard';

/** The numbers SECURITY.md documents; the tests send requests just past each. */
export const documentLimits = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 10,
  /** Pairs of same-named fields graphql-js' overlap rule may compare (`src/operation/merge-work.ts`). */
  maxFieldComparisons: 10_000,
  /** Field selections of the document with its fragments merged in, as that rule sees them. */
  maxMergedSelections: 20_000,
} as const;

/** Header a non-browser client sends on GET or form-encoded requests to prove it is not a cross-site form. */
export const csrfHeader = 'x-graphql-csrf';

/**
 * Parser and validation limits (graphql-armor), CSRF prevention and, unless enabled, no introspection
 * or "Did you mean" suggestions in production. All of these run inside Yoga's envelop, which
 * graphql-ws also goes through, so sockets get the same rules as HTTP.
 */
// Plugin<any>: graphql-armor and the CSRF plugin are typed for other context shapes than ours.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function securityPlugins(config: Pick<Config, 'introspection'>): Plugin<any>[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: documentLimits.maxDepth },
    maxAliases: { n: documentLimits.maxAliases },
    maxTokens: { n: documentLimits.maxTokens },
    maxDirectives: { n: documentLimits.maxDirectives },
    // Our own page-size based cost analysis (limits.ts) knows connections; armor's generic one does not.
    costLimit: { enabled: false },
    // Suggestions reveal field names, which is what disabling introspection is meant to hide.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  return [
    // Browsers send JSON only after a CORS preflight; simple requests (GET, forms) must carry a custom header.
    useCSRFPrevention({ requestHeaders: [csrfHeader, 'x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ...(armor.protect().plugins as Plugin<any>[]),
    useMergeWorkLimit(),
    ...(config.introspection ? [] : [useNoIntrospection()]),
  ];
}

/**
 * Refuses, before validation starts, a document whose fields repeat so often that graphql-js' overlap rule
 * (OverlappingFieldsCanBeMerged, quadratic in the repeats of one response key) would hold the event loop:
 * token, depth and alias limits do not bound it, and a validation rule would run too late, beside it.
 * The walk is linear in its budget and memoised per parsed document.
 */
function useMergeWorkLimit(): Plugin {
  const measured = new WeakMap<DocumentNode, GraphQLError | null>();
  const errorFor = (document: DocumentNode): GraphQLError | null => {
    const work = measureMergeWork(document, { maxSelections: documentLimits.maxMergedSelections });
    if (work.truncated)
      return new GraphQLError(
        `This document expands to more than ${documentLimits.maxMergedSelections} field selections once its fragments are merged in.`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', maxSelections: documentLimits.maxMergedSelections } },
      );
    if (work.comparisons > documentLimits.maxFieldComparisons)
      return new GraphQLError(
        `This document repeats fields so often that checking they can be merged takes ${work.comparisons} comparisons; the limit is ${documentLimits.maxFieldComparisons}. Select each field once per selection set.`,
        {
          extensions: {
            code: 'QUERY_TOO_COMPLEX',
            comparisons: work.comparisons,
            maxComparisons: documentLimits.maxFieldComparisons,
          },
        },
      );
    return null;
  };
  return {
    onValidate({ params, setResult }) {
      let error = measured.get(params.documentAST);
      if (error === undefined) {
        error = errorFor(params.documentAST);
        measured.set(params.documentAST, error);
      }
      if (error) setResult([error]);
    },
  };
}

/**
 * Refuses `__schema` and `__type` wherever the operation analysis finds them (fragments included), at
 * execution, so HTTP, SSE and graphql-ws follow one rule. (Yoga's plugin keyed it on the HTTP request,
 * which sockets do not have.)
 */
function useNoIntrospection(): Plugin {
  return useOperationGuard((args) =>
    analyse(args.schema, args.document, args.operationName).introspection
      ? new GraphQLError('GraphQL introspection is disabled on this server', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        })
      : null,
  ) as Plugin;
}
