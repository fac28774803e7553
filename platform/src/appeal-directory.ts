import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './db/database.ts';
import type { Channel } from './appeal-events.ts';

/**
 * Where each channel keeps its appeals. Department subgraphs (housing, heating) link their orders
 * to an appeal and check, read-only, that it exists; every channel's table has `id uuid` and `number`.
 */
export const APPEAL_TABLES: Record<Channel, string> = {
  BOARD: 'board.messages',
  HOTLINE: 'hotline.tickets',
  SUPERVISION: 'supervision.clues',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The appeal's number, or null when the channel has no appeal with that id. */
export async function findAppealNumber(db: Executor, channel: Channel, id: string): Promise<string | null> {
  if (!UUID.test(id)) return null;
  const rows = rowsOf<{ number: string }>(
    await db.execute(sql`select number from ${sql.raw(APPEAL_TABLES[channel])} where id = ${id}`),
  );
  return rows[0]?.number ?? null;
}
