import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const SUBGRAPH_SCHEMAS = ['agencies', 'board', 'hotline', 'supervision', 'housing', 'heating'];
// A statement that names a subgraph's table: from / join / into / update <schema>.<table>.
const NAMES_A_TABLE = new RegExp(String.raw`\b(from|join|into|update)\s+"?(${SUBGRAPH_SCHEMAS.join('|')})"?\."?[a-z_]+`, 'i');

const sources = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(`${SRC}${file}`, 'utf8') }));

describe('the platform names no subgraph’s tables', () => {
  it('has no statement on a subgraph schema and no table in the channel registry', () => {
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.filter((s) => NAMES_A_TABLE.test(s.text)).map((s) => s.file)).toEqual([]);
    expect(sources.find((s) => s.file.endsWith('registry.ts'))!.text).not.toMatch(/table: '/);
  });

  it('would notice one (the pattern matches what the directory used to read)', () => {
    expect(NAMES_A_TABLE.test('select id, kind from agencies.agencies where id in (…)')).toBe(true);
    expect(NAMES_A_TABLE.test('a.id from "board"."messages" a')).toBe(true);
    expect(NAMES_A_TABLE.test('agencies.includes(appeal.assigneeId)')).toBe(false);
  });
});
