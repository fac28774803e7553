/**
 * The registry of appeal channels: the one list of which channels exist, what each calls its
 * appeals, where its subgraph keeps them and how their numbers begin. The `Channel` type, the
 * directory's look-ups, the case ledger and the SDL enum (checked by a test) all follow it.
 */
export const CHANNELS = {
  BOARD: { code: 'BOARD', entity: 'Message', subgraph: 'board', table: 'board.messages', numberPrefix: 'BRD' },
  HOTLINE: { code: 'HOTLINE', entity: 'Ticket', subgraph: 'hotline', table: 'hotline.tickets', numberPrefix: 'HOT' },
  SUPERVISION: { code: 'SUPERVISION', entity: 'Clue', subgraph: 'supervision', table: 'supervision.clues', numberPrefix: 'SUP' },
} as const satisfies Record<string, ChannelEntry>;

export interface ChannelEntry {
  /** The SDL's Channel value. */
  code: string;
  /** The GraphQL type of the channel's appeals, also the event log's aggregate type. */
  entity: string;
  /** The subgraph that owns the channel: the event log's source. */
  subgraph: string;
  /** schema.table of the appeals; every channel's has `id uuid` and `number`. */
  table: string;
  numberPrefix: string;
}

export type Channel = keyof typeof CHANNELS;
export const CHANNEL_CODES = Object.keys(CHANNELS) as Channel[];

export const isChannel = (value: string): value is Channel => Object.hasOwn(CHANNELS, value);
