import DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import type { Access, AppealAccessFacts } from './auth/access.ts';
import { CHANNELS, type Channel } from './channel/registry.ts';
import { rowsOf, type Executor } from './db/database.ts';
import { AppealStatus } from './lifecycle.ts';
import { isUuid } from './validation.ts';

/*
 * A record of one subgraph pointing at an appeal of another channel (a work order's message, a
 * heating order's ticket) hands the gateway a reference only when the caller may read that appeal.
 * A reference the owning subgraph then refuses would come back as an entity without its fields, an
 * error beside data that is right — worst after a write that succeeded. The facts are read from the
 * channel's table in the shared database, the same facts each channel's own access rule uses.
 */

/** A board message is public once review has published its reply (the board subgraph's rule too). */
export const BOARD_PUBLIC_STATUSES: readonly AppealStatus[] = [AppealStatus.REPLIED, AppealStatus.FOLLOWED_UP, AppealStatus.CLOSED];

const publicList = sql.join(BOARD_PUBLIC_STATUSES.map((s) => sql`${s}`), sql`, `);
const FACTS_OF: Record<Channel, (ids: SQL) => SQL> = {
  BOARD: (ids) => sql`select id::text as id, assignee_id, region_code, author_subject, status in (${publicList}) as is_public,
    null as intake_agency_id from board.messages where id in (${ids})`,
  HOTLINE: (ids) => sql`select t.id::text as id, t.assignee_id, t.region_code, null as author_subject, false as is_public,
    h.agency_id as intake_agency_id from hotline.tickets t join hotline.hotlines h on h.id = t.hotline_id where t.id in (${ids})`,
  SUPERVISION: (ids) => sql`select id::text as id, assignee_id, region_code, reporter_subject as author_subject, false as is_public,
    null as intake_agency_id from supervision.clues where id in (${ids})`,
};

interface FactsRow {
  id: string;
  assignee_id: string | null;
  region_code: string;
  author_subject: string | null;
  is_public: boolean;
  intake_agency_id: string | null;
}

/** PostgreSQL's code for a missing table: that channel's subgraph is not deployed here. */
const UNDEFINED_TABLE = '42P01';
const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;

export type AppealKey = { channel: Channel; id: string };

/** Per-request loader of appeals' access facts, one statement per channel; null for an appeal that does not exist. */
export function appealFactsLoader(db: Executor) {
  return new DataLoader<AppealKey, AppealAccessFacts | null, string>(
    async (keys) => {
      const found = new Map<string, AppealAccessFacts>();
      for (const channel of new Set(keys.map((k) => k.channel))) {
        const ids = [...new Set(keys.filter((k) => k.channel === channel && isUuid(k.id)).map((k) => k.id))];
        if (ids.length === 0) continue;
        try {
          const rows = rowsOf<FactsRow>(await db.execute(FACTS_OF[channel](sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `))));
          for (const r of rows) {
            found.set(`${channel}:${r.id}`, {
              assigneeId: r.assignee_id, regionCode: r.region_code, authorSubject: r.author_subject,
              isPublic: r.is_public, intakeAgencyId: r.intake_agency_id,
            });
          }
        } catch (error) {
          if (sqlStateOf(error) !== UNDEFINED_TABLE) throw error;
        }
      }
      return keys.map((k) => found.get(`${k.channel}:${k.id}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.channel}:${k.id}` },
  );
}

/** The gateway's reference to the appeal when the caller may read it, else null. */
export async function visibleAppealReference(
  loader: ReturnType<typeof appealFactsLoader>,
  access: Access,
  key: AppealKey,
): Promise<{ __typename: string; id: string } | null> {
  const facts = await loader.load(key);
  return facts && (await access.canSee(facts)) ? { __typename: CHANNELS[key.channel].entity, id: key.id } : null;
}

/**
 * The field resolver of a record's `message`, `ticket` or `clue`: the appeal it answers when that
 * is of `channel` and the caller may read it, else null. The context carries an appealFactsLoader.
 */
export const appealOfChannel =
  (channel: Channel) =>
  (row: { appealChannel: string; appealId: string }, _: unknown, ctx: { access: Access; loaders: { appealFacts: ReturnType<typeof appealFactsLoader> } }) =>
    row.appealChannel === channel ? visibleAppealReference(ctx.loaders.appealFacts, ctx.access, { channel, id: row.appealId }) : null;
