import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
