import {
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { decodeEventCursor } from '@civicgraph/platform';

/** The alias under which the gateway reads each event's cursor; removed before results are delivered. */
export const CURSOR_ALIAS = 'civicgraphEventCursor';

/** How one subscriber's operation is shared with others that would produce the same results. */
export interface SharingPlan {
  /** The operation without its resume cursor, with the cursor alias: one upstream subscription serves every subscriber of it. */
  sharedDocument: DocumentNode;
  sharedVariables: Record<string, unknown>;
  /** The subscriber's own operation with the cursor alias, for replaying from `after` (and for a group its subscriber opens, which starts there). */
  ownDocument: DocumentNode;
  ownVariables: Record<string, unknown>;
  /** The root field's response key, where the cursor alias sits in each result. */
  responseKey: string;
  /** Where the subscriber resumes, when it gave a cursor. */
  after: string | undefined;
  /** Equal for operations that differ only in their resume cursor. */
  key: string;
}

/**
 * A subscription can be shared when its root is one field whose event type has a `cursor` field
 * and whose field takes `after` (every feed of the hub does: messageEvents, ticketEvents,
 * caseEvents, and any a new channel adds by the same convention). Otherwise null: the subscriber
 * gets an upstream subscription of its own.
 */
export function planSharing(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): SharingPlan | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'subscription' || operation.selectionSet.selections.length !== 1) return null;
  const root = operation.selectionSet.selections[0]!;
  if (root.kind !== Kind.FIELD || root.directives?.length) return null;
  const field = schema.getSubscriptionType()?.getFields()[root.name.value];
  const eventType = field && getNamedType(field.type);
  if (!field || !isObjectType(eventType) || !eventType.getFields().cursor || !field.args.some((a) => a.name === 'after')) return null;
  if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d !== operation)) return null;

  const afterArgument = root.arguments?.find((a) => a.name.value === 'after');
  const afterValue =
    afterArgument?.value.kind === Kind.VARIABLE ? variables?.[afterArgument.value.name.value]
    : afterArgument?.value.kind === Kind.STRING ? afterArgument.value.value
    : undefined;
  // A malformed cursor goes upstream unshared, for the subgraph to refuse with its own code.
  if (afterValue !== undefined && afterValue !== null && !isEventCursor(afterValue)) return null;

  const withCursor = (field: FieldNode, dropAfter: boolean): FieldNode => ({
    ...field,
    arguments: dropAfter ? field.arguments?.filter((a) => a.name.value !== 'after') : field.arguments,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        ...(field.selectionSet?.selections ?? []),
        { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: CURSOR_ALIAS }, name: { kind: Kind.NAME, value: 'cursor' } },
      ],
    },
  });
  const withRoot = (rootField: FieldNode): DocumentNode => ({
    ...document,
    definitions: document.definitions.map((d) =>
      d === operation ? { ...operation, selectionSet: { ...operation.selectionSet, selections: [rootField] } } : d,
    ),
  });
  const sharedDocument = withoutUnusedVariables(withRoot(withCursor(root, true)), operation.name?.value);
  const used = new Set(
    (getOperationAST(sharedDocument, operationName) as OperationDefinitionNode).variableDefinitions?.map((v) => v.variable.name.value),
  );
  const sharedVariables = Object.fromEntries(Object.entries(variables ?? {}).filter(([name]) => used.has(name)));
  return {
    sharedDocument,
    sharedVariables,
    ownDocument: withRoot(withCursor(root, false)),
    ownVariables: variables ?? {},
    responseKey: root.alias?.value ?? root.name.value,
    after: afterValue ?? undefined,
    key: JSON.stringify([print(sharedDocument), operationName ?? null, sortedKeys(sharedVariables)]),
  };
}

/** Drops variable definitions the operation no longer uses (an unused one fails validation). */
function withoutUnusedVariables(document: DocumentNode, operationName: string | undefined): DocumentNode {
  const used = new Set<string>();
  visit(document, { Variable: (node) => void used.add(node.name.value), VariableDefinition: () => false });
  return visit(document, {
    OperationDefinition: (node) =>
      node.name?.value === operationName ? { ...node, variableDefinitions: node.variableDefinitions?.filter((v) => used.has(v.variable.name.value)) } : node,
  });
}

/** Variables with their object keys sorted, so equal values give equal keys. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function isEventCursor(value: unknown): value is string {
  try {
    return typeof value === 'string' && Boolean(decodeEventCursor(value));
  } catch {
    return false;
  }
}
