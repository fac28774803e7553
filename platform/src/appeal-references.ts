import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Access, AppealAccessFacts } from './auth/access.ts';
import type { AppealRow } from './channel/appeal-row.ts';
import { channelSpecOf, CHANNELS, type Channel } from './channel/registry.ts';
import type { Executor } from './db/database.ts';
import { isUuid } from './validation.ts';

/*
 * A record of one subgraph pointing at an appeal of another channel (a work order's message, a
 * heating order's ticket) hands the gateway a reference only when the caller may read that appeal.
 * A reference the owning subgraph then refuses would come back as an entity without its fields, an
 * error beside data that is right — worst after a write that succeeded. The facts are read through
 * the channel's registered spec (its table in the shared database), the same facts its own access rule uses.
 */

/** The access facts of these appeals of one channel, as its spec reads them. */
async function factsOfAppeals(db: Executor, channel: Channel, ids: readonly string[]): Promise<Map<string, AppealAccessFacts>> {
  const spec = channelSpecOf(channel);
  if (spec.readFacts) return spec.readFacts(db, ids);
  const rows = (await db.select().from(spec.table as never).where(inArray(spec.table.id, [...ids]))) as AppealRow[];
  return new Map(rows.map((row) => [row.id, spec.facts(row)]));
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
          for (const [id, facts] of await factsOfAppeals(db, channel, ids)) found.set(`${channel}:${id}`, facts);
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
