import { and, count, desc, eq } from 'drizzle-orm';
import { keysetPage, type Executor, type Page } from '@civicgraph/platform';
import { caseEscalations, cases } from '../db/tables.ts';
import { isUuid } from '../domain/common.ts';

const PUBLIC_NOTICE_LEVEL = 3;

/** What the public reads of a notified case: no title, content or citizen (no personal data). */
export interface PublicNoticeRow {
  caseId: string;
  number: string;
  channel: string;
  category: string | null;
  regionCode: string;
  assigneeId: string | null;
  status: string;
  dueAt: Date;
  workingDaysOverdue: number;
  noticedAt: Date;
}

const columns = {
  caseId: caseEscalations.caseId, number: cases.number, channel: cases.channel, category: cases.category,
  regionCode: cases.regionCode, assigneeId: cases.assigneeId, status: cases.status, dueAt: caseEscalations.dueAt,
  workingDaysOverdue: caseEscalations.workingDaysOverdue, noticedAt: caseEscalations.at,
};

/** The public notices (level 3 of the escalation), newest first; open to every caller, signed in or not. */
export function listPublicNotices(db: Executor, first?: number | null, after?: string | null): Promise<Page<PublicNoticeRow>> {
  const notices = eq(caseEscalations.level, PUBLIC_NOTICE_LEVEL);
  return keysetPage<PublicNoticeRow>({
    first, after, at: caseEscalations.at, id: caseEscalations.caseId, key: (r) => ({ at: r.noticedAt, id: r.caseId }),
    filtered: notices, isId: isUuid,
    rows: (where, limit) =>
      db.select(columns).from(caseEscalations).innerJoin(cases, eq(cases.id, caseEscalations.caseId))
        .where(and(notices, where)).orderBy(desc(caseEscalations.at), desc(caseEscalations.caseId)).limit(limit),
    count: async (where) => Number((await db.select({ n: count() }).from(caseEscalations).where(where))[0]?.n ?? 0),
  });
}
