import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayErrorCode, LimitCode, TokenErrorCode } from '@civicgraph/gateway';
import { AccessErrorCode, ERROR_CODES, ErrorCode, GATEWAY_REQUIRED } from '@civicgraph/platform';

/** One registry of error codes: the README's table, the platform's code maps and the gateway's all follow it. */
describe('the error code registry', () => {
  const registered = Object.keys(ERROR_CODES).sort();

  it('is the README’s error table, row for row', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (subgraph|gateway|graphql) \| (.+) \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(registered);
    for (const [, code, by] of rows) expect(ERROR_CODES[code as keyof typeof ERROR_CODES].by, code).toBe(by);
  });

  it('holds every code the platform and the gateway raise', () => {
    const raised = [...Object.values(ErrorCode), ...Object.values(AccessErrorCode), GATEWAY_REQUIRED, ...Object.values(LimitCode), ...Object.values(TokenErrorCode), ...Object.values(GatewayErrorCode)];
    expect(raised.filter((code) => !registered.includes(code))).toEqual([]);
    for (const code of Object.values(LimitCode)) expect(ERROR_CODES[code].by).toBe('gateway');
  });
});
