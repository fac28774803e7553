import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { EventExtra } from '../appeal-events.ts';
import type { AppealAccessFacts } from '../auth/access.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { AppealAction, AppealStatus } from '../lifecycle.ts';
import type { AppealRow, AppealStep } from './appeal-row.ts';
import type { KnownNames } from '../privacy/free-text.ts';
import type { NumberCounter } from './numbering.ts';
import type { Channel } from './registry.ts';
import type { ChannelSdl } from './sdl.ts';

export interface EventDetails<Extra extends EventExtra> {
  category: string | null;
  extra: Extra;
  names?: KnownNames;
}

/** A drizzle table of a channel's appeals: the shared columns under the shared names. */
export type AppealTable = PgTable & { id: PgColumn; number: PgColumn; status: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * What a channel is, for the kit: its tables (existing names mapped, no migration), its words for
 * the shared lifecycle's actions, its access facts and its non-personal event extras. A channel is
 * this spec plus its own extras (the hotline's return visits and first-contact resolution, the
 * supervision platform's transfers and orders).
 */
export interface ChannelSpec<Row extends AppealRow, Extra extends EventExtra = EventExtra> {
  channel: Channel;
  table: AppealTable;
  timeline: {
    table: PgTable;
    /** The timeline's column (property name) holding the appeal's id: messageId, ticketId, clueId. */
    appealKey: string;
    /** Whether the timeline keeps the deadline in force after each step. */
    keepsDueAt?: boolean;
  };
  numbers: NumberCounter;
  /** The channel's names for the lifecycle's actions (the SDL's MessageAction, TicketAction, ClueAction). */
  actions: Record<AppealAction, string>;
  /** Its names in the SDL: the lifecycle mutations' (public API) and the words of their descriptions (see channelSdl). */
  sdl: ChannelSdl;
  /** The action recorded when an appeal enters the channel (POST, OPEN, SUBMIT). */
  openAction: string;
  /** Longest note a step may carry. */
  noteLimit: number;
  /**
   * Reads the row locked for update, with the facts access rules need. By default the row alone;
   * a channel whose facts need more (the hotline's intake office) reads them in the same statement.
   */
  lock?: (tx: Tx, id: string) => Promise<{ row: Row; facts: AppealAccessFacts } | null>;
  facts: (row: Row) => AppealAccessFacts;
  /**
   * The office keeping an appeal that a caller without an agency (an admin, a background job)
   * forwards when no office has dispatched it: the board's office. Without one, such an appeal's
   * office steps are a supervisor's (the handling agency never takes them).
   */
  keepingOffice?: (tx: Tx, row: Row) => Promise<string | null>;
  /**
   * The access facts of several appeals, read without locking (another subgraph's record pointing
   * at them). By default the rows alone, through `facts`; a channel whose facts need more reads them here.
   */
  readFacts?: (db: Executor, ids: readonly string[]) => Promise<Map<string, AppealAccessFacts>>;
  /**
   * The event's category and extras (read in the transaction when they need the database), and the
   * appeal's known personal names, masked in the event's free text.
   */
  eventDetails: (row: Row, tx: Tx) => Promise<EventDetails<Extra>> | EventDetails<Extra>;
  /** Columns that entering a status stamps (the hotline's endedAt). */
  onStatus?: (status: AppealStatus, at: Date, before: Row) => Partial<Row>;
  /** Writes of the channel's own beside the step, in the same transaction (the hotline's return_visits). */
  afterStep?: (tx: Tx, row: Row, step: AppealStep, action: AppealAction | null) => Promise<void>;
}
