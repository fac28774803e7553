import { DomainError, ErrorCode } from './errors.ts';

/**
 * Opaque cursors: base64url of a JSON array. Clients must not build them; a cursor that does not
 * decode to the expected shape is refused with INVALID_CURSOR before anything is read.
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<const K extends readonly ('string' | 'number')[]>(
  cursor: string,
  kinds: K,
): { [I in keyof K]: K[I] extends 'number' ? number : string } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const ok =
    Array.isArray(parts) &&
    parts.length === kinds.length &&
    parts.every((p, i) => typeof p === kinds[i] && (typeof p !== 'string' || p.length <= 200));
  if (!ok) throw new DomainError(ErrorCode.INVALID_CURSOR, `Cursor ${JSON.stringify(cursor.slice(0, 80))} is malformed`);
  return parts as { [I in keyof K]: K[I] extends 'number' ? number : string };
}
