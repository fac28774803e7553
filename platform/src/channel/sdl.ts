import { readFileSync } from 'node:fs';
import {
  Kind,
  parse,
  visit,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type NameNode,
  type ObjectTypeDefinitionNode,
  type StringValueNode,
} from 'graphql';
import { ACTION_ROLES, STAFF_SIDE } from '../auth/access.ts';
import type { Role } from '../auth/identity.ts';
import { TRANSITIONS, type AppealAction } from '../lifecycle.ts';
import { CHANNEL_CODES, CHANNELS, channelSpecOf, type Channel } from './registry.ts';

/**
 * What a channel calls things in its SDL: its mutation for each lifecycle step (public API: the
 * names never change) and the words the shared descriptions use.
 */
export interface ChannelSdl {
  mutations: Record<AppealAction, string>;
  /** What intake is called on the channel: the board's review, the hotline's dispatch, the platform's verification. */
  intake: string;
  /** What the handling agency's answer is called: reply, results report. */
  reply: string;
  /** The type of its timeline's steps: by default the entity's name and Transition (TicketTransition). */
  transition: string;
}

const LIFECYCLE_ACTIONS = Object.keys(TRANSITIONS) as AppealAction[];

/**
 * A channel's SDL names: by default `acceptTicket`, `submitTicketReply`, `recordTicketReturnVisit`
 * (verb and entity), with the channel's own names for the steps it calls otherwise.
 */
export function channelSdl(
  channel: Channel,
  { mutations = {}, transition, ...words }: { mutations?: Partial<Record<AppealAction, string>>; intake: string; reply: string; transition?: string },
): ChannelSdl {
  const entity = CHANNELS[channel].entity;
  const byDefault = (action: AppealAction) =>
    action === 'followUp' ? `record${entity}ReturnVisit` : action.endsWith('Reply') ? `${action.slice(0, -'Reply'.length)}${entity}Reply` : `${action}${entity}`;
  return {
    mutations: Object.fromEntries(LIFECYCLE_ACTIONS.map((a) => [a, mutations[a] ?? byDefault(a)])) as ChannelSdl['mutations'],
    transition: transition ?? `${entity}Transition`,
    ...words,
  };
}

const TEMPLATE_FILE = new URL('../../sdl/lifecycle.graphql', import.meta.url);
let template: ObjectTypeDefinitionNode[] | undefined;
/** The template's types: Mutation first, then the types every channel has under its own names. */
function lifecycleTemplate(): { mutation: ObjectTypeDefinitionNode; types: ObjectTypeDefinitionNode[] } {
  template ??= parse(readFileSync(TEMPLATE_FILE, 'utf8')).definitions.filter(isObjectType);
  return { mutation: template.find((d) => d.name.value === 'Mutation')!, types: template.filter((d) => d.name.value !== 'Mutation') };
}

const isObjectType = (d: DocumentNode['definitions'][number]): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION;
const isMutation = (d: DocumentNode['definitions'][number]): d is ObjectTypeDefinitionNode => isObjectType(d) && d.name.value === 'Mutation';

/** The template's placeholder types under the channel's names. */
function renamed<T extends ASTNode>(node: T, channel: Channel, sdl: ChannelSdl): T {
  const entity = CHANNELS[channel].entity;
  const names: Record<string, string> = { Appeal: entity, AppealAction: `${entity}Action`, AppealTransition: sdl.transition };
  const rename = (name: NameNode) => (names[name.value] ? { ...name, value: names[name.value]! } : undefined);
  return visit(node, {
    NamedType: (n) => (rename(n.name) ? { ...n, name: rename(n.name)! } : undefined),
    ObjectTypeDefinition: (n) => (rename(n.name) ? { ...n, name: rename(n.name)! } : undefined),
  });
}

/**
 * The template's other types (the timeline's step) under the channel's names: added, or, where the
 * channel writes the type too, with the channel's fields after the shared ones and its description first.
 */
function withSharedTypes(definitions: readonly DefinitionNode[], channel: Channel, sdl: ChannelSdl): DefinitionNode[] {
  const shared = lifecycleTemplate().types.map((type) => renamed(type, channel, sdl));
  const result = definitions.map((d) => {
    const same = isObjectType(d) && shared.find((type) => type.name.value === d.name.value);
    if (!same) return d;
    const description = d.description ?? filled(same.description, channel, sdl, null);
    return { ...d, description, fields: [...(same.fields ?? []), ...(d.fields ?? [])] };
  });
  const written = new Set(definitions.filter(isObjectType).map((d) => d.name.value));
  return [...result, ...shared.filter((type) => !written.has(type.name.value)).map((type) => ({ ...type, description: filled(type.description, channel, sdl, null) }))];
}

const ROLE_WORDS: Record<Role, string> = {
  citizen: 'citizens', hotline_agent: 'hotline agents', handler: 'handlers', reviewer: 'reviewers',
  supervisor: 'supervisors', admin: 'admins', integrator: 'integrators', dashboard: 'dashboards',
};

const listed = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** The roles that may take a step: "hotline agents, handlers, supervisors and admins". */
const rolesOf = (action: AppealAction): string => listed(ACTION_ROLES[action].map((role) => ROLE_WORDS[role]));

/** Who may take a step: its roles (ACTION_ROLES) and which agency staff among them (STAFF_SIDE). */
function whoMayTake(action: AppealAction, noun: string): string {
  // Every side STAFF_SIDE knows must be worded here (the type check says so when one is added).
  const sides = {
    intake: `agency staff on a ${noun} in their agency's reach or kept by their office`,
    handling: `agency staff only of the handling agency`,
    office: `agency staff only at the office keeping the ${noun} (its dispatching office or one of its divisions), never the handling agency`,
  } satisfies Record<(typeof STAFF_SIDE)[AppealAction], string>;
  const side = sides[STAFF_SIDE[action]];
  return `Who: ${rolesOf(action)}; ${side}.`;
}

/** Fills a description's placeholders for one step of one channel (the action is null on the type itself). */
function fill(text: string, channel: Channel, sdl: ChannelSdl, action: AppealAction | null): string {
  const noun = CHANNELS[channel].entity.toLowerCase();
  return text.replace(/\{(step:)?([a-zA-Z]+)\}/g, (placeholder, step: string | undefined, name: string) => {
    if (step && name in sdl.mutations) return sdl.mutations[name as AppealAction];
    if (name === 'noun') return noun;
    if (name === 'intake' || name === 'reply') return sdl[name];
    if (action && name === 'who') return whoMayTake(action, noun);
    if (action && name === 'roles') return rolesOf(action);
    throw new Error(`lifecycle SDL of ${channel}: unknown placeholder ${placeholder}`);
  });
}

const filled = (description: StringValueNode | undefined, channel: Channel, sdl: ChannelSdl, action: AppealAction | null) =>
  description && { ...description, value: fill(description.value, channel, sdl, action) };

/**
 * The channel's typeDefs with the lifecycle mutations of platform/sdl/lifecycle.graphql in its
 * `type Mutation`: every step in lifecycle order, each the channel's own field where it writes
 * one (its assign step, say) and the template's otherwise, placed where the channel's first
 * lifecycle field stands; the template's description of the type comes before the channel's.
 * The template's timeline type comes along under the channel's names.
 */
export function withLifecycleMutations(typeDefs: DocumentNode, channel: Channel, sdl: ChannelSdl): DocumentNode {
  const actionOf = new Map(LIFECYCLE_ACTIONS.map((action) => [sdl.mutations[action], action]));
  const own = typeDefs.definitions.find(isMutation);
  if (!own) throw new Error(`${channel}: its schema.graphql has no type Mutation for the lifecycle mutations`);
  const fields = own.fields ?? [];
  const ownSteps = fields.flatMap((field, index) => (actionOf.has(field.name.value) ? [index] : []));
  if (ownSteps.length === 0 || ownSteps.at(-1)! - ownSteps[0]! !== ownSteps.length - 1) {
    throw new Error(`${channel}: write its own lifecycle steps (at least assign: ${sdl.mutations.assign}) side by side in its type Mutation`);
  }
  const templated = new Map((lifecycleTemplate().mutation.fields ?? []).map((field) => [field.name.value as AppealAction, field]));
  const steps = LIFECYCLE_ACTIONS.map((action): FieldDefinitionNode => {
    const written = fields.find((field) => field.name.value === sdl.mutations[action]);
    const field = written ?? templated.get(action);
    if (!field) throw new Error(`${channel}: no ${action} step: write ${sdl.mutations[action]} in its type Mutation`);
    const named = written ?? renamed(field, channel, sdl);
    return { ...named, name: { ...named.name, value: sdl.mutations[action] }, description: filled(named.description, channel, sdl, action) };
  });
  const typeDescription = [lifecycleTemplate().mutation.description, own.description]
    .flatMap((d) => (d ? [fill(d.value, channel, sdl, null)] : []))
    .join('\n\n');
  const merged: ObjectTypeDefinitionNode = {
    ...own,
    description: { kind: Kind.STRING, value: typeDescription, block: true },
    fields: [...fields.slice(0, ownSteps[0]), ...steps, ...fields.slice(ownSteps.at(-1)! + 1)],
  };
  return { ...typeDefs, definitions: withSharedTypes(typeDefs.definitions.map((d) => (d === own ? merged : d)), channel, sdl) };
}

/** The typeDefs of a subgraph with the lifecycle mutations of the channel it owns, if any (from its registered spec). */
export function channelTypeDefs(subgraph: string, typeDefs: DocumentNode): DocumentNode {
  const channel = CHANNEL_CODES.find((code) => CHANNELS[code].subgraph === subgraph);
  return channel ? withLifecycleMutations(typeDefs, channel, channelSpecOf(channel).sdl) : typeDefs;
}
