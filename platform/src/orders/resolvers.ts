import type DataLoader from 'dataloader';
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { appealOfChannel } from '../appeal-references.ts';
import type { Access } from '../auth/access.ts';
import type { Executor } from '../db/database.ts';

/**
 * Resolvers every department order type shares: the appeal it answers, as the `message`, `ticket`
 * or `clue` of its channel (null for the others, and for one the caller may not read), and its region.
 */
export const orderAppealFields = {
  message: appealOfChannel('BOARD'),
  ticket: appealOfChannel('HOTLINE'),
  clue: appealOfChannel('SUPERVISION'),
  region: (order: { regionCode: string }) => ({ __typename: 'Region', code: order.regionCode }),
};

/** An order timeline entry's `from` and `to` (the columns are fromStatus and toStatus). */
export const orderTransitionFields = {
  from: (t: { fromStatus: string | null }) => t.fromStatus,
  to: (t: { toStatus: string }) => t.toStatus,
};

/** The same field on the appeal type of every channel and on the ledger's Case (the orders answering them). */
export const onEveryAppeal = <Field>(field: Field) => ({ Message: field, Ticket: field, Clue: field, Case: field });

interface LookupContext {
  access: Access;
  database: { db: Executor };
}

/**
 * An order by id, by number and as a federation reference, each only when the caller may read it
 * (`readable`, the department's reach rule); by id and reference through the request's loader.
 */
export function orderLookups<Row, Ctx extends LookupContext>(
  table: PgTable & { number: PgColumn },
  byId: (ctx: Ctx) => DataLoader<string, Row | null>,
  readable: (access: Access, row: Row | null) => Promise<Row | null>,
) {
  const load = async (id: string, ctx: Ctx) => readable(ctx.access, await byId(ctx).load(id));
  return {
    byId: (_: unknown, { id }: { id: string }, ctx: Ctx) => load(id, ctx),
    byNumber: async (_: unknown, { number }: { number: string }, ctx: Ctx) => {
      const [row] = (await ctx.database.db.select().from(table).where(eq(table.number, number.trim()))) as Row[];
      return readable(ctx.access, row ?? null);
    },
    reference: (ref: { id: string }, ctx: Ctx) => load(ref.id, ctx),
  };
}
