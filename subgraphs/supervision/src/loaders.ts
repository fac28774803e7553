import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { byKey, groupByKey, sequencedRowsLoader, type Executor } from '@civicgraph/platform';
import {
  caseEscalations,
  cases,
  clueInterventions,
  clues,
  clueTransitions,
  inspectionCampaigns,
  inspectionFindings,
  supervisionOrders,
  type CampaignRow,
  type CaseRow,
  type ClueRow,
  type ClueTransitionRow,
  type EscalationRow,
  type FindingRow,
  type InterventionRow,
  type OrderRow,
} from './db/tables.ts';
import { isUuid } from './domain/common.ts';
import { loadKpis, type AgencyKpis, type KpiKey } from './ledger/kpis.ts';

/** A loader of rows by uuid; ids that are not uuids resolve to null without reaching the database. */
function byIds<Row extends { id: string }>(load: (ids: string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    return byKey(ids, valid.length ? await load(valid) : [], (r) => r.id);
  });
}

function listsBy<Row>(keyOf: (row: Row) => string, load: (ids: string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row[]>(async (ids) => {
    const valid = ids.filter(isUuid);
    return groupByKey(ids, valid.length ? await load(valid) : [], keyOf);
  });
}

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  return {
    clueById: byIds<ClueRow>((ids) => db.select().from(clues).where(inArray(clues.id, ids))),
    caseById: byIds<CaseRow>((ids) => db.select().from(cases).where(inArray(cases.id, ids))),
    orderById: byIds<OrderRow>((ids) => db.select().from(supervisionOrders).where(inArray(supervisionOrders.id, ids))),
    campaignById: byIds<CampaignRow>((ids) => db.select().from(inspectionCampaigns).where(inArray(inspectionCampaigns.id, ids))),
    timelineByClue: sequencedRowsLoader<ClueTransitionRow>(db, clueTransitions, 'clueId'),
    interventionsByClue: listsBy<InterventionRow>((r) => r.clueId, (ids) =>
      db.select().from(clueInterventions).where(inArray(clueInterventions.clueId, ids)).orderBy(asc(clueInterventions.heldAt))),
    ordersByAppeal: listsBy<OrderRow>((r) => r.appealId, (ids) =>
      db.select().from(supervisionOrders).where(inArray(supervisionOrders.appealId, ids)).orderBy(asc(supervisionOrders.issuedAt))),
    escalationsByCase: listsBy<EscalationRow>((r) => r.caseId, (ids) =>
      db.select().from(caseEscalations).where(inArray(caseEscalations.caseId, ids)).orderBy(asc(caseEscalations.level))),
    findingsByCampaign: listsBy<FindingRow>((r) => r.campaignId, (ids) =>
      db.select().from(inspectionFindings).where(inArray(inspectionFindings.campaignId, ids)).orderBy(asc(inspectionFindings.recordedAt))),
    /** Keyed by agency and period, so the KPIs of every agency on a page come from one statement. */
    kpis: new DataLoader<KpiKey, AgencyKpis, string>((keys) => loadKpis(db, keys), {
      cacheKeyFn: (k) => `${k.agencyId}|${k.from.toISOString()}|${k.to.toISOString()}|${k.channels?.join(',') ?? '*'}`,
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
