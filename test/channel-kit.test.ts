import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type EnumTypeDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { ACTION_ROLES, CHANNEL_CODES, CHANNELS, fixedClock, STAFF_SIDE, TRANSITIONS } from '@civicgraph/platform';
import { readSupergraph } from '@civicgraph/schema';
import { startTestHub, type TestHub } from './support/hub.ts';

/** The channel registry is the one list of channels: the SDL's Channel enum and entity types must follow it. */
describe('the channel registry', () => {
  const definitions = parse(readSupergraph()).definitions;
  const channelEnum = definitions.find((d): d is EnumTypeDefinitionNode => d.kind === 'EnumTypeDefinition' && d.name.value === 'Channel');
  const objectTypes = new Set(
    definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition').map((d) => d.name.value),
  );

  it('lists exactly the values of the SDL enum Channel', () => {
    expect(channelEnum?.values?.map((v) => v.name.value).sort()).toEqual([...CHANNEL_CODES].sort());
  });

  it('names an entity type of the graph and a distinct number prefix for every channel', () => {
    for (const code of CHANNEL_CODES) expect(objectTypes.has(CHANNELS[code].entity), CHANNELS[code].entity).toBe(true);
    const prefixes = CHANNEL_CODES.map((c) => CHANNELS[c].numberPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

/** The README's table of who may take each lifecycle step is the rule the subgraphs apply. */
describe('the README’s lifecycle table', () => {
  it('lists every step with the roles and the staff side platform/src/auth/access.ts gives it', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-zA-Z]+)` \| .+ → ([A-Z_]+) \| ([a-z_, ]+) \| (intake|handling|office) \|(?: [^|]+ \|)?$/gm)];
    expect(rows.map((r) => r[1])).toEqual(Object.keys(TRANSITIONS));
    for (const [, step, to, roles, side] of rows) {
      const action = step as keyof typeof TRANSITIONS;
      expect(to, step).toBe(TRANSITIONS[action].to);
      expect(roles!.split(', '), step).toEqual([...ACTION_ROLES[action]]);
      expect(side, step).toBe(STAFF_SIDE[action]);
    }
  });
});

/** Numbers follow the year in China Standard Time, not UTC: 00:30 on New Year's Day in Changchun is 2027. */
describe('numbering by the China-time year, through the gateway', () => {
  const clock = fixedClock(new Date('2026-12-31T23:59:00+08:00'));
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ only: ['agencies', 'board', 'supervision'], clock });
  });
  afterAll(() => hub?.stop());

  const citizen = () => hub.as({ role: 'citizen', subject: 'citizen:li' });
  const post = async () =>
    (
      await hub.ok(
        `mutation($input: PostMessageInput!) { postMessage(input: $input) { number } }`,
        { input: { boardId: 'th-mayor', title: '路灯不亮', content: '东昌区新华路路灯一周未亮', regionCode: '220502' } },
        citizen(),
      )
    ).postMessage.number as string;
  const submitClue = async () =>
    (
      await hub.ok(
        `mutation($input: SubmitClueInput!) { submitClue(input: $input) { number } }`,
        { input: { title: '供暖不热', content: '室温不足16度', regionCode: '220102' } },
        citizen(),
      )
    ).submitClue.number as string;

  it('numbers a board message and a clue by the year it is in Changchun when they arrive', async () => {
    expect(await post()).toBe('BRD-2026-000001');
    expect(await submitClue()).toBe('SUP-2026-000001');
    // 2026-12-31T16:30Z: still 2026 in UTC, already 2027 in China.
    clock.set(new Date('2027-01-01T00:30:00+08:00'));
    expect(await post()).toBe('BRD-2027-000001');
    expect(await submitClue()).toBe('SUP-2027-000001');
    expect(await post()).toBe('BRD-2027-000002');
  });
});
