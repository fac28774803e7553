import {
  addWorkingDays,
  appealEventPayload,
  appendAppealEvents,
  CHANNELS,
  chinaYear,
  DEMO_CHUNK,
  demoId,
  insertJsonRows,
  reserveNumbers,
  seededRandom,
  TimeOrderedEvents,
  type AppealEventPayload,
  type DemoProgress,
  type SeededRandom,
  type AppealStatus,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { clueExtra, SUPERVISION_CHANNEL, type ClueAction } from '../domain/channel.ts';
import { clues, clueTransitions, type ClueRow } from './tables.ts';

const PLACES: readonly [string, readonly string[]][] = [
  ['cc', ['220100', '220102', '220103', '220104', '220105', '220106', '220112']],
  ['jc', ['220200', '220202', '220204']],
  ['sp', ['220300', '220302', '220322']],
  ['ly', ['220400', '220402']],
  ['th', ['220500', '220502', '220581']],
  ['bs', ['220600', '220602']],
  ['sy', ['220700', '220702']],
  ['bc', ['220800', '220802']],
  ['yb', ['222400', '222401', '222404']],
];

/*
 * Housing matters go to the housing bureau, the rest to the government office that dispatches them;
 * never to a mayor's hotline office, whose 2022 assignments are the article's 6,347 (demo-changchun.ts).
 * Heating titles avoid the word 供热: the heating subgraph finds the article's clue by 供热 in its
 * title and a date of 2022-11-30.
 */
const TOPICS: readonly [string, 'housing' | 'gov-office', readonly string[]][] = [
  ['供热', 'housing', ['暖气时断时续，室温不达标', '小区暖气不热，多次反映无果', '热力公司收费后不供暖']],
  ['城乡建设', 'housing', ['道路施工长期占道未恢复', '老旧小区改造质量问题', '排水管网堵塞，雨后积水']],
  ['物业管理', 'housing', ['物业不作为，电梯长期停运', '小区违建无人查处']],
  ['营商环境', 'gov-office', ['企业办事多次往返，审批拖延', '政府项目拖欠企业工程款']],
  ['民生保障', 'gov-office', ['低保审核进度缓慢', '农民工工资被拖欠']],
  ['生态环境', 'gov-office', ['企业夜间偷排废气', '河道垃圾长期无人清理']],
];

const SATISFIED: Satisfaction[] = ['VERY_SATISFIED', 'SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Step {
  action: ClueAction;
  at: Date;
  actor: string;
  note: string | null;
  change: Partial<ClueRow> & { status: AppealStatus };
}

export interface Generated {
  row: ClueRow;
  steps: Step[];
}

/** One clue's whole path, drawn so that every lifecycle state is represented. */
function generateClue(rnd: SeededRandom, i: number, start: number, span: number): Generated {
  const [prefix, codes] = rnd.pick(PLACES);
  const [category, kind, titles] = rnd.pick(TOPICS);
  const agencyId = `${prefix}-${kind}`;
  // The provincial Internet + Supervision division transfers clues to the localities (网上转办).
  const office = 'staff:jl-gov-supervision';
  let t = start + Math.floor(rnd.next() * span);
  const later = (minHours: number, maxHours: number) => new Date((t += (minHours + rnd.next() * (maxHours - minHours)) * HOUR));
  const submittedAt = new Date(t);
  const title = rnd.pick(titles);
  const row = submittedRow({
    id: demoId(`supervision-demo-clue-${i}`), title: `${title}（${i + 1}）`, content: `${title}，请督促有关部门尽快解决。`,
    category, regionCode: rnd.pick(codes), sensitivity: rnd.next() < 0.05 ? 'IMPORTANT' : 'GENERAL', submittedAt,
  });
  const steps: Step[] = [{ action: 'SUBMIT', at: submittedAt, actor: 'citizen', note: null, change: { status: 'SUBMITTED' } }];
  const step = (action: ClueAction, at: Date, actor: string, change: Step['change'], note: string | null = null) =>
    steps.push({ action, at, actor, note, change });
  const reach = rnd.next();
  if (reach < 0.04) return { row, steps };
  if (reach < 0.07) {
    step('REJECT', later(2, 24), office, { status: 'REJECTED' }, '反映内容不属于督查范围');
    return { row, steps };
  }
  step('ACCEPT', later(1, 24), office, { status: 'ACCEPTED' });
  if (reach < 0.085 && i > 0) {
    // A repeat of the previous clue: merged into it.
    step('MERGE', later(1, 24), office, { status: 'MERGED', mergedIntoId: demoId(`supervision-demo-clue-${i - 1}`) }, '重复反映，合并办理');
    return { row, steps };
  }
  if (reach < 0.1) return { row, steps };
  const transferredAt = later(1, 12);
  if (rnd.next() < 0.04) {
    // A wrong transfer: returned as not the bureau's remit, then transferred to the right office.
    const wrong = `${prefix}-${kind === 'housing' ? 'gov-office' : 'housing'}`;
    step('TRANSFER', transferredAt, office, { status: 'ASSIGNED', assigneeId: wrong, dueAt: addWorkingDays(transferredAt, 10) });
    step('RETURN', later(2, 24), `staff:${wrong}`, { status: 'RETURNED' }, '不属于本单位职责');
    if (rnd.next() < 0.3) return { row, steps };
    step('REASSIGN', later(1, 8), office, { status: 'ACCEPTED', assigneeId: null, dueAt: null });
    const again = later(1, 4);
    step('TRANSFER', again, office, { status: 'ASSIGNED', assigneeId: agencyId, dueAt: addWorkingDays(again, 10) });
  } else {
    step('TRANSFER', transferredAt, office, { status: 'ASSIGNED', assigneeId: agencyId, dueAt: addWorkingDays(transferredAt, 10) }, '请在规定时限内核查办理并报送结果');
  }
  if (reach < 0.18) return { row, steps };
  const handler = `staff:${agencyId}`;
  step('ACKNOWLEDGE', later(1, 48), handler, { status: 'IN_PROGRESS' });
  if (reach < 0.3) return { row, steps };
  // Most reports come within the deadline, some after it, so the KPIs have something to show.
  const reported = later(24, rnd.next() < 0.12 ? 400 : 200);
  step('SUBMIT_RESULTS', reported, handler, {
    status: 'REPLY_SUBMITTED', reportContent: '经核查，问题属实，已督促整改完毕。', reportAgencyId: agencyId, reportSubmittedAt: reported,
  });
  if (reach < 0.38) return { row, steps };
  const approved = later(1, 24);
  step('APPROVE_RESULTS', approved, office, { status: 'REPLIED', reportApprovedAt: approved });
  if (reach < 0.48) return { row, steps };
  const happy = rnd.next() < 0.88;
  const visited = later(24, 72);
  step('RETURN_VISIT', visited, office, {
    status: 'FOLLOWED_UP', satisfaction: happy ? rnd.pick(SATISFIED) : 'DISSATISFIED', returnVisitComment: happy ? '满意' : '问题没有彻底解决',
    returnVisitAt: visited, returnVisitBy: office,
  });
  if (reach < 0.56) return { row, steps };
  step('CLOSE', later(1, 12), office, { status: 'CLOSED' });
  return { row, steps };
}

/** A clue as submitted, before any step: the row the generators' steps are applied to. */
export function submittedRow(
  r: Pick<ClueRow, 'id' | 'title' | 'content' | 'category' | 'regionCode' | 'sensitivity' | 'submittedAt'>,
): ClueRow {
  return {
    ...r, number: '', status: 'SUBMITTED', version: 1, updatedAt: r.submittedAt, reporterName: null, reporterPhone: null, reporterSubject: null,
    assigneeId: null, dueAt: null, reportContent: null, reportAgencyId: null, reportSubmittedAt: null, reportApprovedAt: null,
    satisfaction: null, returnVisitComment: null, returnVisitAt: null, returnVisitBy: null, mergedIntoId: null, dispatcherId: null,
  };
}

/** `count` clues over every lifecycle state and all nine prefectures, submitted over `days` from `from`. */
export function generateClues({ count = 1500, seed = 20221130, from = '2022-01-04T08:00:00+08:00', days = 350 } = {}): Generated[] {
  const rnd = seededRandom(seed);
  const start = Date.parse(from);
  return Array.from({ length: count }, (_, i) => generateClue(rnd, i, start, days * DAY));
}

/** Generates `count` clues and writes them (see writeGeneratedClues). */
export async function seedGeneratedClues(tx: Tx, options: Parameters<typeof generateClues>[0] = {}) {
  return writeGeneratedClues(tx, generateClues(options));
}

/**
 * Writes generated clues with their timelines and AppealTransitioned events set-based: a few
 * multi-row inserts per table instead of a transaction per transition, a chunk of clues at a time
 * (each chunk's rows built, written and let go before the next). Numbers follow the time of
 * submission across all of them; the log reads like history, oldest first.
 */
export async function writeGeneratedClues(tx: Tx, generated: Generated[], progress: DemoProgress = () => {}) {
  // A copy the chunks are taken from (so each is let go once written), in order of submission.
  const queue = [...generated].sort((a, b) => a.row.submittedAt.getTime() - b.row.submittedAt.getTime());
  const perYear = new Map<number, Generated[]>();
  for (const g of queue) {
    const year = chinaYear(g.row.submittedAt);
    const ofYear = perYear.get(year) ?? [];
    ofYear.push(g);
    perYear.set(year, ofYear);
  }
  for (const ofYear of perYear.values()) {
    const numbers = await reserveNumbers(tx, SUPERVISION_CHANNEL.numbers, CHANNELS.SUPERVISION.numberPrefix, ofYear[0]!.row.submittedAt, ofYear.length);
    ofYear.forEach((g, i) => (g.row.number = numbers[i]!));
  }
  perYear.clear();

  const events = new TimeOrderedEvents<ClueEvent>();
  const written = { clues: 0, events: 0 };
  while (queue.length > 0) {
    const chunk = queue.splice(0, DEMO_CHUNK);
    const { finals, timeline, events: built } = buildClues(chunk);
    await insertJsonRows(tx, clues, finals);
    await insertJsonRows(tx, clueTransitions, timeline, { omit: ['id'] });
    events.add(built);
    // A clue's events start when it is submitted: the ones still to build come no earlier than the next.
    const ready = events.takeBefore(queue[0]?.row.submittedAt.getTime() ?? Number.POSITIVE_INFINITY);
    await appendAppealEvents(tx, ready);
    written.clues += finals.length;
    written.events += ready.length;
    progress(written.clues, generated.length, 'clues');
  }
  return written;
}

type ClueEvent = { aggregateId: string; occurredAt: Date; payload: AppealEventPayload };

/** Each clue's final row, its timeline and its events, step by step as the domain would make them. */
function buildClues(generated: readonly Generated[]) {
  const timeline: (typeof clueTransitions.$inferInsert)[] = [];
  const events: ClueEvent[] = [];
  const finals: ClueRow[] = [];
  for (const { row, steps } of generated) {
    let state = row;
    steps.forEach((s, i) => {
      const from = i === 0 ? null : (state.status as AppealStatus);
      const before = state;
      state = { ...state, ...s.change, version: i + 1, updatedAt: s.at };
      // As the kit's forward step does: the transferring office (the staff member's agency) dispatches.
      if (s.action === 'TRANSFER') state.dispatcherId = s.actor.replace(/^staff:/, '');
      // As in the domain: the timeline names the agency transferred to, otherwise the one handling it.
      const agencyId = s.action === 'TRANSFER' ? state.assigneeId : before.assigneeId;
      timeline.push({ clueId: row.id, sequence: i + 1, action: s.action, fromStatus: from, toStatus: s.change.status, actor: s.actor, agencyId, note: s.note, at: s.at });
      const step = { action: s.action, from, actor: s.actor, agencyId, note: s.note, at: s.at };
      events.push({
        aggregateId: row.id, occurredAt: s.at,
        payload: appealEventPayload('SUPERVISION', state, step, { category: state.category, extra: clueExtra(state) }),
      });
    });
    finals.push(state);
  }
  return { finals, timeline, events };
}
