import { addWorkingDays, demoId, seededRandom, type Satisfaction, type SeededRandom } from '@civicgraph/platform';
import { submittedRow, type Generated, type Step } from './demo-bulk.ts';

/*
 * The article: 长春市市长公开电话作为吉林省"互联网+督查"中群众留言办理单位之一，2022年共交办网民留言6347件，
 * 办结率、反馈率均达到100%，群众满意率保持在85%以上. Here: 6,346 clues about places in Changchun,
 * submitted in 2022, each transferred by the province's Internet + Supervision division to the
 * Changchun mayor's hotline office in 2022, which has them checked and reports the results; every
 * one gets a return visit and is closed (some closings run into early January 2023). With the
 * heating story's clue, which the office dispatches to the district itself, that is the 6,347 its
 * KPIs count (they credit the handling agency and the dispatching office alike).
 */

export const CHANGCHUN_OFFICE = 'cc-mayor-hotline';
export const CHANGCHUN_2022 = 6347;
/**
 * Generated here: all but one. The 6,347th is the article's heating clue (demo-stories.ts), which
 * the office takes in and forwards to the Chaoyang district bureau itself; as its dispatching
 * office it is credited with it, satisfied at the first visit, like the generated ones below.
 */
export const CHANGCHUN_GENERATED = CHANGCHUN_2022 - 1;
/** Dissatisfied at the first return visit (13%); the others are satisfied at their only visit. */
export const FIRST_VISIT_DISSATISFIED = 830;
/** Of those, reopened once and visited again; REOPENED_THEN_SATISFIED of them were then satisfied. */
export const REOPENED = 120;
export const REOPENED_THEN_SATISFIED = 80;
/** Final satisfaction (the KPI counts the latest visit): 5,597 of 6,347 = 88.2% satisfied. */
export const FINALLY_DISSATISFIED = FIRST_VISIT_DISSATISFIED - REOPENED_THEN_SATISFIED;

const HOUR = 3_600_000;
const YEAR_START = Date.parse('2022-01-01T00:00:00+08:00');
/** Submitted by 27 December, so every transfer (within a day) falls in 2022. */
const LAST_DAY = 360;
const PROVINCE = 'staff:jl-gov-supervision';
const OFFICE = `staff:${CHANGCHUN_OFFICE}`;

/** Changchun and its districts in the agency directory, the districts far more often than the city as a whole. */
const PLACES: readonly (readonly [string, number])[] = [
  ['220100', 2], ['220102', 3], ['220103', 3], ['220104', 4], ['220105', 3], ['220106', 3], ['220112', 1],
];

interface Topic {
  category: string;
  /** Relative weight in a month (1–12). */
  weight: (month: number) => number;
  titles: readonly string[];
  /** Who the office had check it, for the acknowledgement note. */
  department: string;
  report: string;
  /** Working days the province gives for the results report. */
  workingDays: number;
}

const winter = (m: number) => m <= 3 || m >= 10;
// Heating titles avoid the word 供热: the heating subgraph finds the article's clue by 供热 in its title and the day.
const TOPICS: readonly Topic[] = [
  {
    category: '供热', weight: (m) => (winter(m) ? (m === 11 || m === 12 || m === 1 ? 22 : 14) : 0.6), department: '属地住建局及热力公司',
    titles: ['暖气不热，室温只有十五六度', '小区暖气时冷时热，多次反映无果', '热力公司收费后迟迟不供暖', '楼内暖气管道漏水无人维修', '新入住小区至今未通暖'],
    report: '经核查，已责令热力公司排查管网、提高供水温度，室温已达标。', workingDays: 2,
  },
  {
    category: '物业管理', weight: () => 6, department: '属地住建局及街道',
    titles: ['物业不作为，电梯长期停运', '小区垃圾清运不及时', '物业费上涨未公示', '地下车库漏水，物业推诿'],
    report: '经核查，已约谈物业企业，问题已整改，街道将持续跟踪。', workingDays: 10,
  },
  {
    category: '城乡建设', weight: (m) => (m >= 4 && m <= 10 ? 7 : 3), department: '市住建局',
    titles: ['道路坑洼破损，雨天积水', '道路施工长期占道未恢复', '人行道地砖松动，行人易绊倒', '老旧小区改造质量问题'],
    report: '经核查，已安排施工单位修复，道路已恢复通行。', workingDays: 10,
  },
  {
    category: '供水', weight: (m) => (m >= 6 && m <= 8 ? 5 : 3), department: '市水务局及供水公司',
    titles: ['小区频繁停水，水压不足', '自来水发黄有异味', '二次供水设施老化'],
    report: '经核查，供水公司已检修管线、清洗水箱，供水已恢复正常。', workingDays: 5,
  },
  {
    category: '排水', weight: (m) => (m >= 6 && m <= 9 ? 6 : 0.5), department: '市排水公司',
    titles: ['雨后小区积水严重', '排水管网堵塞，污水外溢'],
    report: '经核查，已疏通排水管网，积水已排除。', workingDays: 5,
  },
  {
    category: '城市管理', weight: (m) => (m <= 3 || m >= 11 ? 4 : 2), department: '市城管局',
    titles: ['道路积雪清理不及时', '占道经营影响通行', '餐饮油烟扰民'],
    report: '经核查，城管部门已现场处置并加强巡查。', workingDays: 7,
  },
  {
    category: '交通出行', weight: () => 3, department: '市交通运输局',
    titles: ['公交线路调整后出行不便', '路口信号灯配时不合理'],
    report: '经核查，已优化线路和信号配时，并向网民解释说明。', workingDays: 10,
  },
  {
    category: '民生保障', weight: (m) => (m === 1 || m === 12 ? 5 : 2), department: '市人社局',
    titles: ['农民工工资被拖欠', '社保转移接续手续繁琐'],
    report: '经核查，已督促企业支付拖欠工资，手续已办结。', workingDays: 10,
  },
  {
    category: '营商环境', weight: () => 1.5, department: '市政务服务局',
    titles: ['企业办事多次往返，审批拖延'],
    report: '经核查，已推行一次性告知，审批已办结。', workingDays: 10,
  },
];

const SATISFIED: readonly Satisfaction[] = ['VERY_SATISFIED', 'SATISFIED', 'SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED'];
const PRAISE = ['满意，效率高', '问题解决了，感谢', '暖心，办事认真', '满意'];


/** Each clue's return visits: one satisfied visit for most; dissatisfied ones, a few reopened and visited again. */
function visitPlans(rnd: SeededRandom, count: number): Satisfaction[][] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const plans: Satisfaction[][] = new Array(count);
  order.forEach((clue, rank) => {
    if (rank < REOPENED_THEN_SATISFIED) plans[clue] = ['DISSATISFIED', rnd.pick(SATISFIED)];
    else if (rank < REOPENED) plans[clue] = ['DISSATISFIED', 'DISSATISFIED'];
    else if (rank < FIRST_VISIT_DISSATISFIED) plans[clue] = ['DISSATISFIED'];
    else plans[clue] = [rnd.pick(SATISFIED)];
  });
  return plans;
}

function changchunClue(rnd: SeededRandom, i: number, visits: readonly Satisfaction[]): Generated {
  const day = Math.floor(rnd.next() * (LAST_DAY + 1));
  // Online messages come at any hour, mostly between 7:00 and 23:00 (CST).
  const hour = rnd.next() < 0.9 ? 7 + rnd.next() * 16 : rnd.next() * 7;
  let t = YEAR_START + day * 24 * HOUR + hour * HOUR;
  const month = new Date(t + 8 * HOUR).getUTCMonth() + 1;
  const topic = rnd.weighted(TOPICS.map((tp) => [tp, tp.weight(month)] as const));
  const title = rnd.pick(topic.titles);
  const submittedAt = new Date(t);
  const row = submittedRow({
    id: demoId(`supervision-demo-changchun-${i}`), title: `${title}（长春${i + 1}）`, content: `${title}，希望有关部门尽快解决。`,
    category: topic.category, regionCode: rnd.weighted(PLACES), sensitivity: rnd.next() < 0.02 ? 'IMPORTANT' : 'GENERAL', submittedAt,
  });
  const later = (minHours: number, maxHours: number) => new Date((t += (minHours + rnd.next() * (maxHours - minHours)) * HOUR));
  const steps: Step[] = [{ action: 'SUBMIT', at: submittedAt, actor: 'citizen', note: null, change: { status: 'SUBMITTED' } }];
  const step = (action: Step['action'], at: Date, actor: string, change: Step['change'], note: string | null = null) =>
    steps.push({ action, at, actor, note, change });

  step('ACCEPT', later(0.5, 16), PROVINCE, { status: 'ACCEPTED' });
  const transferred = later(0.2, 6);
  const dueAt = addWorkingDays(transferred, topic.workingDays);
  step('TRANSFER', transferred, PROVINCE, { status: 'ASSIGNED', assigneeId: CHANGCHUN_OFFICE, dueAt }, '请在规定时限内核查办理并报送结果');
  step('ACKNOWLEDGE', later(0.3, 8), OFFICE, { status: 'IN_PROGRESS' }, `已转${topic.department}核查办理`);
  // Nearly all results come within the deadline; a few after it.
  const report = (first: boolean) => {
    const hoursLeft = (dueAt.getTime() - t) / HOUR;
    const late = first && rnd.next() < 0.04;
    // A second report (after a reopening) takes what it takes; the deadline has usually passed by then.
    const at = !first ? later(4, 72) : late ? later(hoursLeft + 2, hoursLeft + 72) : later(Math.max(0.5, Math.min(2, hoursLeft * 0.2)), Math.max(3, hoursLeft * 0.6));
    step('SUBMIT_RESULTS', at, OFFICE, {
      status: 'REPLY_SUBMITTED', reportContent: first ? topic.report : `${topic.report}针对网民回访意见，已再次组织整改。`,
      reportAgencyId: CHANGCHUN_OFFICE, reportSubmittedAt: at, reportApprovedAt: null,
    });
    const approved = later(0.5, 20);
    step('APPROVE_RESULTS', approved, PROVINCE, { status: 'REPLIED', reportApprovedAt: approved });
  };
  visits.forEach((satisfaction, visit) => {
    if (visit > 0) step('REOPEN', later(2, 24), PROVINCE, { status: 'IN_PROGRESS' }, '回访不满意，重新办理');
    report(visit === 0);
    const happy = satisfaction !== 'DISSATISFIED';
    const visited = later(12, 48);
    const comment = happy ? rnd.pick(PRAISE) : '问题没有彻底解决';
    // As the domain does, the timeline's note is the visit's comment.
    step('RETURN_VISIT', visited, PROVINCE, {
      status: 'FOLLOWED_UP', satisfaction, returnVisitComment: comment, returnVisitAt: visited, returnVisitBy: PROVINCE,
    }, comment);
  });
  step('CLOSE', later(0.5, 12), PROVINCE, { status: 'CLOSED' }, visits.at(-1) === 'DISSATISFIED' ? '已向网民解释说明，办结' : null);
  return { row, steps };
}

/** The generated Changchun clues with their whole paths; deterministic for a seed. */
export function generateChangchunClues({ count = CHANGCHUN_GENERATED, seed = 20220101 } = {}): Generated[] {
  const rnd = seededRandom(seed);
  const visits = visitPlans(rnd, count);
  return visits.map((v, i) => changchunClue(rnd, i, v));
}
