import { describe, expect, it } from 'vitest';
import { parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { CHANNEL_CODES, CHANNELS, channelSpecOf } from '@civicgraph/platform';
import { composeSupergraph } from './compose.ts';
import { loadSubgraphs } from './subgraphs.ts';

const APPEAL_TYPES = new Set<string>(CHANNEL_CODES.map((code) => CHANNELS[code].entity));

/** A field as clients call it: name, arguments with types and defaults, return type, directives; no description. */
const signature = (field: FieldDefinitionNode) =>
  print({ ...field, description: undefined, arguments: field.arguments?.map((arg) => ({ ...arg, description: undefined })) });

/** The named type a field returns, through its non-null and list wrappers. */
function namedType(field: FieldDefinitionNode): string {
  let type = field.type;
  while (type.kind !== 'NamedType') type = type.type;
  return type.name.value;
}

/**
 * The channels' mutations on appeals are public API: their names, arguments, return types and
 * scopes stay as they are whatever the SDL they come from (the lifecycle template, a channel's
 * own file). Only their descriptions may change; this list pins the rest, in order.
 */
describe('the mutations on appeals in the composed supergraph', () => {
  it('keep their names, arguments, return types, directives and order', async () => {
    const composed = await composeSupergraph();
    if ('errors' in composed) throw new Error(composed.errors.join('\n'));
    const mutation = parse(composed.supergraphSdl).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === 'Mutation',
    );
    const signatures = (mutation?.fields ?? []).filter((f) => APPEAL_TYPES.has(namedType(f))).map(signature);
    // postMessage, submitClue and setClueSensitivity besides the 13 lifecycle steps of each channel.
    expect(signatures).toHaveLength(3 * 13 + 3);
    await expect(`${signatures.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/appeal-mutations.txt');
  });
});

describe('the lifecycle mutations a channel’s spec names', () => {
  it('each have a resolver in the channel’s subgraph', async () => {
    const definitions = await loadSubgraphs(CHANNEL_CODES.map((code) => CHANNELS[code].subgraph));
    for (const [i, code] of CHANNEL_CODES.entries()) {
      const resolved = Object.keys((definitions[i]!.resolvers as { Mutation: object }).Mutation);
      const named = Object.values(channelSpecOf(code).sdl.mutations);
      expect(named, code).toHaveLength(13);
      expect(named.filter((name) => !resolved.includes(name)), code).toEqual([]);
    }
  });
});
