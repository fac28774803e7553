import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type DocumentNode, type FieldNode } from 'graphql';

/** The operations integrators may run (gateway/trusted-operations/*.graphql), each under its id. */
export const TRUSTED_OPERATIONS_DIR = fileURLToPath(new URL('../trusted-operations/', import.meta.url));

/** An operation's id: the SHA-256 (hex) of its document as stored, as Apollo-style persisted-query clients compute it. */
export const operationId = (document: string) => createHash('sha256').update(document).digest('hex');

export interface TrustedOperation {
  id: string;
  name: string;
  document: string;
}

export function loadTrustedOperations(dir = TRUSTED_OPERATIONS_DIR): TrustedOperation[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const document = readFileSync(`${dir}${file}`, 'utf8');
      return { id: operationId(document), name: file.replace(/\.graphql$/, ''), document };
    });
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Apollo Client's cache adds `__typename` to every selection set below the operation's own (the
 * same rule as its addTypenameToDocument: not where one is there already, nor in introspection).
 */
function withTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet: {
      enter(node, _key, parent) {
        if (parent && (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))) return undefined;
        return { ...node, selections: [...node.selections, TYPENAME] };
      },
    },
  });
}

/**
 * Every id a trusted operation answers to, with the document run for it: the file as stored (its
 * `id`), the file as graphql-js prints it, and as Apollo Client prints it after its cache added
 * `__typename` — what `PersistedQueryLink` hashes (sha256 of `print(document)`), so Apollo's
 * defaults find the trusted operations without a manifest.
 */
export function persistedQueryEntries(operations: readonly TrustedOperation[]): [string, string][] {
  return operations.flatMap((op) => {
    const parsed = parse(op.document);
    const forms = [op.document, print(parsed), print(withTypenames(parsed))];
    return [...new Set(forms)].map((document): [string, string] => [operationId(document), document]);
  });
}
