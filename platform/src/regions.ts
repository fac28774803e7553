import { invalidInput } from './errors.ts';

/**
 * Chinese administrative division codes (GB/T 2260) nest by prefix: province 220000 → "22",
 * prefecture 220500 → "2205", county 220502 → "220502". Any subgraph can test subtree membership
 * from the code alone, without asking the agencies subgraph.
 */
export function regionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) throw new Error(`Region code ${code} is not six digits`);
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export const isRegionCode = (code: string) => /^\d{6}$/.test(code);

/** `like` pattern of a region and every region below it, or INVALID_INPUT naming `field`. */
export function regionSubtree(regionCode: string, field = 'regionCode'): string {
  if (!isRegionCode(regionCode)) throw invalidInput(field, 'must be a six-digit administrative code');
  return `${regionPrefix(regionCode)}%`;
}
