import type { AppealRow } from './appeal-row.ts';
import type { AppealTable, ChannelSpec } from './spec.ts';
import type { EventExtra } from '../appeal-events.ts';

/**
 * The registry of appeal channels: the one list of which channels exist, what each calls its
 * appeals, which subgraph owns them and how their numbers begin. The `Channel` type, the
 * directory's look-ups, the case ledger and the SDL enum (checked by a test) all follow it. Where
 * a channel keeps its appeals is its subgraph's business: its spec registers the table (registerChannel).
 */
export const CHANNELS = {
  BOARD: { code: 'BOARD', entity: 'Message', subgraph: 'board', numberPrefix: 'BRD' },
  HOTLINE: { code: 'HOTLINE', entity: 'Ticket', subgraph: 'hotline', numberPrefix: 'HOT' },
  SUPERVISION: { code: 'SUPERVISION', entity: 'Clue', subgraph: 'supervision', numberPrefix: 'SUP' },
} as const satisfies Record<string, ChannelEntry>;

export interface ChannelEntry {
  /** The SDL's Channel value. */
  code: string;
  /** The GraphQL type of the channel's appeals, also the event log's aggregate type. */
  entity: string;
  /** The subgraph that owns the channel: the event log's source. */
  subgraph: string;
  numberPrefix: string;
}

export type Channel = keyof typeof CHANNELS;
export const CHANNEL_CODES = Object.keys(CHANNELS) as Channel[];

export const isChannel = (value: string): value is Channel => Object.hasOwn(CHANNELS, value);

const specs = new Map<Channel, ChannelSpec<any, any>>();

/** A channel's spec file declares itself with this: the platform learns its table and facts from the spec. */
export function registerChannel<Row extends AppealRow, Extra extends EventExtra>(spec: ChannelSpec<Row, Extra>): ChannelSpec<Row, Extra> {
  specs.set(spec.channel, spec);
  return spec;
}

/** The spec a channel registered; a process that looks up a channel's appeals imports its spec. */
export function channelSpecOf(channel: Channel): ChannelSpec<AppealRow, EventExtra> {
  const spec = specs.get(channel);
  if (!spec) throw new Error(`channel ${channel}: its spec is not loaded in this process (import it from its subgraph's package, e.g. @civicgraph/board/channel)`);
  return spec;
}

/** The table a channel's spec registered. */
export const appealTableOf = (channel: Channel): AppealTable => channelSpecOf(channel).table;
