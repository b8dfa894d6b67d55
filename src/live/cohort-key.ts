import { Kind, type ExecutionArgs, type FieldNode } from 'graphql';
import { analyse } from '../operation';

/**
 * The variables a cohort key leaves out: those used only as the live field's cursor argument. A cursor
 * says where a subscriber's stream starts (its backlog is replayed for it alone), not what an event's
 * result is, so subscribers resuming from different cursors can share one execution per event. Kept in
 * the key, every resuming subscriber got a cohort of its own: after a restart, one execution per event per
 * subscriber (npm run soak: 130 cohorts on one process, which then fell further behind on every restart).
 * A variable also used anywhere else in the operation may change results, so it stays in the key. The
 * uses are counted by the operation analysis, once per document shape (`variableUses`).
 */
export function cursorOnlyVariables(
  args: ExecutionArgs,
  field: FieldNode,
  cursorArgument: string,
): Set<string> {
  const cursor = field.arguments?.find((argument) => argument.name.value === cursorArgument)?.value;
  if (cursor?.kind !== Kind.VARIABLE) return new Set();
  const name = cursor.name.value;
  const { variableUses } = analyse(args.schema, args.document, args.operationName);
  return variableUses.get(name) === 1 ? new Set([name]) : new Set();
}

/** Subscribers with equal keys get equal results for every event, and share one cohort. */
export function cohortKey(
  args: ExecutionArgs,
  scope: string,
  printedDocument: string,
  leftOut: ReadonlySet<string>,
): string {
  const variables = Object.fromEntries(
    Object.entries(args.variableValues ?? {}).filter(([name]) => !leftOut.has(name)),
  );
  return [scope, args.operationName ?? '', printedDocument, JSON.stringify(variables)].join('\u0000');
}
