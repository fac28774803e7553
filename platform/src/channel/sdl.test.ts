import { describe, expect, it } from 'vitest';
import { parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { ACTION_ROLES, STAFF_SIDE } from '../auth/access.ts';
import { TRANSITIONS, type AppealAction } from '../lifecycle.ts';
import { channelSdl, withLifecycleMutations } from './sdl.ts';

const ACTIONS = Object.keys(TRANSITIONS) as AppealAction[];
const SDL = channelSdl('HOTLINE', { intake: 'Dispatch', reply: 'reply' });

/** A channel's own SDL: its entry mutation, the steps it writes itself, and one of its extras. */
const channelSource = (ownSteps: string) => `
  "The hotline's own words."
  type Mutation {
    recordCall(input: String!): Call!
    ${ownSteps}
    scheduleShift(input: String!): Shift!
  }`;
const ASSIGN = `"Routed. {who}" assignTicket(id: ID!, agencyId: ID, dueAt: DateTime, note: String): Ticket! @requiresScopes(scopes: [["appeals:write"]])`;

function mutationOf(source: string): ObjectTypeDefinitionNode {
  const doc = withLifecycleMutations(parse(source), 'HOTLINE', SDL);
  return doc.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === 'Mutation')!;
}
const describedAs = (mutation: ObjectTypeDefinitionNode, name: string) => mutation.fields!.find((f) => f.name.value === name)!.description!.value;

describe('the lifecycle mutations of a channel, from platform/sdl/lifecycle.graphql', () => {
  const mutation = mutationOf(channelSource(ASSIGN));

  it('are every step in lifecycle order, under the channel’s names, where its own steps stood', () => {
    expect(SDL.mutations).toMatchObject({ accept: 'acceptTicket', submitReply: 'submitTicketReply', followUp: 'recordTicketReturnVisit', merge: 'mergeTicket' });
    expect(mutation.fields!.map((f) => f.name.value)).toEqual(['recordCall', ...ACTIONS.map((a) => SDL.mutations[a]), 'scheduleShift']);
  });

  it('return the channel’s entity, keep the template’s arguments and scopes, and keep the channel’s own step as written', () => {
    const printed = (name: string) => print({ ...mutation.fields!.find((f) => f.name.value === name)!, description: undefined });
    expect(printed('acceptTicket')).toBe('acceptTicket(id: ID!, note: String): Ticket! @requiresScopes(scopes: [["appeals:write"]])');
    expect(printed('approveTicketReply')).toBe('approveTicketReply(id: ID!, note: String): Ticket! @requiresScopes(scopes: [["appeals:review"]])');
    expect(printed('recordTicketReturnVisit')).toBe('recordTicketReturnVisit(id: ID!, satisfaction: Satisfaction!, comment: String): Ticket! @requiresScopes(scopes: [["appeals:write"]])');
    expect(printed('assignTicket')).toBe('assignTicket(id: ID!, agencyId: ID, dueAt: DateTime, note: String): Ticket! @requiresScopes(scopes: [["appeals:write"]])');
  });

  it('say the transition and who may take it, as ACTION_ROLES and STAFF_SIDE have it', () => {
    const sides = { intake: 'in their agency’s reach', handling: 'only of the handling agency', office: 'only at the office keeping the ticket' };
    for (const action of ACTIONS) {
      const text = describedAs(mutation, SDL.mutations[action]);
      const { from, to } = TRANSITIONS[action];
      if (action === 'assign') expect(text, action).toMatch(/^Routed\. Who: /);
      else expect(text, action).toContain(action === 'merge' ? `any open state → ${to}` : `${from[0]} → ${to}`);
      const roles = ACTION_ROLES[action].map((role) => role.replace('_agent', ' agent'));
      expect(text, action).toMatch(new RegExp(`Who: ${roles.map((r) => `${r}s`).join('(, | and )')};`));
      expect(text.replaceAll("'", '’'), action).toContain(sides[STAFF_SIDE[action]]);
      expect(text, action).not.toMatch(/[{}]/);
    }
    expect(describedAs(mutation, 'acceptTicket')).toMatch(/^Dispatch: SUBMITTED → ACCEPTED\./);
    expect(describedAs(mutation, 'reassignTicket')).toContain('until `assignTicket` sends it on again');
  });

  it('put the shared description of the type before the channel’s own', () => {
    const text = mutation.description!.value;
    expect(text).toMatch(/^One mutation per lifecycle transition\./);
    expect(text).toMatch(/\n\nThe hotline's own words\.$/);
    expect(text.replace(/\s+/g, ' ')).toContain('Supervisors and admins act on any ticket; agency staff by their side');
  });

  it('give the timeline’s step type its shared fields, before the channel’s own, where the channel declares it', () => {
    const fieldsOf = (source: string) => {
      const doc = withLifecycleMutations(parse(source), 'HOTLINE', SDL);
      return doc.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition').map((d) => [d.name.value, d.fields!.map((f) => print(f))]);
    };
    const shared = ['sequence: Int!', 'action: TicketAction!', 'from: AppealStatus', 'to: AppealStatus!', 'actor: String!', 'agency: Agency', 'at: DateTime!', 'note: String'];
    const declared = fieldsOf(`type Ticket { id: ID! } type TicketTransition { dueAt: DateTime } ${channelSource(ASSIGN)}`);
    expect(declared.map(([name]) => name)).toEqual(['Ticket', 'TicketTransition', 'Mutation']);
    expect(declared[1]![1]).toEqual([...shared, 'dueAt: DateTime']);
    expect(fieldsOf(`type TicketTransition ${channelSource(ASSIGN)}`)[0]).toEqual(['TicketTransition', shared]);
    expect(fieldsOf(channelSource(ASSIGN)).at(-1)).toEqual(['TicketTransition', shared]);
  });

  it('refuse a channel that writes no step, splits its steps, or names an unknown placeholder', () => {
    expect(() => mutationOf(channelSource(''))).toThrow(/write its own lifecycle steps/);
    expect(() => mutationOf(channelSource(`${ASSIGN} other: Int rejectTicket(id: ID!, reason: String!): Ticket!`))).toThrow(/side by side/);
    expect(() => mutationOf(channelSource(ASSIGN.replace('{who}', '{whom}')))).toThrow(/unknown placeholder \{whom\}/);
    expect(() => withLifecycleMutations(parse('type Query { a: Int }'), 'HOTLINE', SDL)).toThrow(/no type Mutation/);
  });
});
