import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { byKey, groupByKey, sequencedRowsLoader, type Executor } from '@civicgraph/platform';
import {
  calls,
  categories,
  hotlines,
  returnVisits,
  seats,
  shifts,
  ticketTransitions,
  tickets,
  type CallRow,
  type CategoryRow,
  type HotlineRow,
  type ReturnVisitRow,
  type SeatRow,
  type ShiftRow,
  type TicketRow,
  type TransitionRow,
} from './db/tables.ts';
import { listShifts } from './domain/staffing.ts';
import { isUuid } from './domain/ticket-model.ts';

/** Loads rows by primary key in one statement per batch; malformed uuids are simply not found. */
function byId<Row extends { id: string }>(load: (ids: string[]) => Promise<Row[]>, valid: (id: string) => boolean = () => true) {
  return new DataLoader<string, Row | null>(async (ids) => {
    const wanted = ids.filter(valid);
    return byKey(ids, wanted.length ? await load(wanted) : [], (r) => r.id);
  });
}

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  return {
    ticketById: byId<TicketRow>((ids) => db.select().from(tickets).where(inArray(tickets.id, ids)), isUuid),
    callById: byId<CallRow>((ids) => db.select().from(calls).where(inArray(calls.id, ids)), isUuid),
    hotlineById: byId<HotlineRow>((ids) => db.select().from(hotlines).where(inArray(hotlines.id, ids))),
    seatById: byId<SeatRow>((ids) => db.select().from(seats).where(inArray(seats.id, ids))),
    shiftById: byId<ShiftRow>((ids) => db.select().from(shifts).where(inArray(shifts.id, ids)), isUuid),
    categoryById: byId<CategoryRow>((ids) => db.select().from(categories).where(inArray(categories.id, ids))),
    categoriesByParent: new DataLoader<string, CategoryRow[]>(async (ids) => {
      const rows = await db.select().from(categories).where(inArray(categories.parentId, [...ids])).orderBy(asc(categories.sortOrder));
      return groupByKey(ids, rows, (r) => r.parentId!);
    }),
    seatsByHotline: new DataLoader<string, SeatRow[]>(async (ids) => {
      const rows = await db.select().from(seats).where(inArray(seats.hotlineId, [...ids])).orderBy(asc(seats.id));
      return groupByKey(ids, rows, (r) => r.hotlineId);
    }),
    callsByTicket: new DataLoader<string, CallRow[]>(async (ids) => {
      const rows = await db.select().from(calls).where(inArray(calls.ticketId, [...ids])).orderBy(asc(calls.startedAt), asc(calls.id));
      return groupByKey(ids, rows, (r) => r.ticketId!);
    }),
    timelineByTicket: sequencedRowsLoader<TransitionRow>(db, ticketTransitions, 'ticketId'),
    /** Shifts of a seat within a range; keys asking for the same range share one statement. */
    shiftsInRange: new DataLoader<{ seatId: string; from: Date; to: Date }, ShiftRow[], string>(
      async (keys) => {
        const ranges = new Map<string, { from: Date; to: Date; seatIds: string[] }>();
        for (const k of keys) {
          const id = `${k.from.toISOString()}|${k.to.toISOString()}`;
          const range = ranges.get(id) ?? { from: k.from, to: k.to, seatIds: [] };
          range.seatIds.push(k.seatId);
          ranges.set(id, range);
        }
        const found = new Map<string, ShiftRow[]>();
        for (const [id, range] of ranges) {
          for (const row of await listShifts(db, range.seatIds, range.from, range.to)) {
            const key = `${row.seatId}|${id}`;
            found.set(key, [...(found.get(key) ?? []), row]);
          }
        }
        return keys.map((k) => found.get(`${k.seatId}|${k.from.toISOString()}|${k.to.toISOString()}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.seatId}|${k.from.toISOString()}|${k.to.toISOString()}` },
    ),
    returnVisitsByTicket: sequencedRowsLoader<ReturnVisitRow>(db, returnVisits, 'ticketId'),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
