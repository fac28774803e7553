import { demoStaff, fixedClock, Role, staffRoleFor, type AppealAction, type Satisfaction, type Tx } from '@civicgraph/platform';
import type { Actor } from '../domain/common.ts';
import * as domain from '../domain/clues.ts';
import { addInspectionFinding, createInspectionCampaign } from '../domain/campaigns.ts';
import { recordIntervention } from '../domain/interventions.ts';
import { answerSupervisionOrder, closeSupervisionOrder, issueSupervisionOrder } from '../domain/orders.ts';

/**
 * The article's supervision-platform story: 2022-11-30, a Changchun resident reports heating that
 * comes and goes. Its id is fixed so the heating subgraph's demo order can link to it.
 */
export const CHANGCHUN_HEATING_CLUE = {
  id: 'a2022113-0c0c-4c0c-8c0c-000000000001',
  title: '供热时断时续，进水温度始终在二三十度',
} as const;

type Step =
  | { at: string; actor: string; do: 'accept' | 'acknowledge' | 'approveResults' | 'close'; note?: string }
  | { at: string; actor: string; do: 'transfer'; agencyId: string; dueAt: string; note?: string }
  | { at: string; actor: string; do: 'submitResults'; content: string }
  | { at: string; actor: string; do: 'returnVisit'; satisfaction: Satisfaction; comment: string }
  | { at: string; actor: string; do: 'visit' | 'meeting'; agencyIds: string[]; summary: string }
  | { at: string; actor: string; do: 'issueOrder'; issuingAgencyId: string; targetAgencyId: string; requirements: string; dueAt: string }
  | { at: string; actor: string; do: 'answerOrder'; content: string }
  | { at: string; actor: string; do: 'closeOrder'; note: string };

interface Story {
  id?: string;
  input: domain.SubmitClueInput;
  submittedAt: string;
  steps: Step[];
}

const STORIES: Story[] = [
  {
    id: CHANGCHUN_HEATING_CLUE.id,
    submittedAt: '2022-11-30T09:12:00+08:00',
    input: {
      title: CHANGCHUN_HEATING_CLUE.title,
      content: '供热时断时续，进水温度始终在二三十度，请政府解决老百姓的疾苦，为人民做主。',
      regionCode: '220104',
      category: '供热',
      reporterName: '王先生',
    },
    steps: [
      { at: '2022-11-30T10:30:00+08:00', actor: 'staff:cc-mayor-hotline', do: 'accept', note: '经核实，情况属实' },
      {
        at: '2022-11-30T11:00:00+08:00', actor: 'staff:cc-mayor-hotline', do: 'transfer', agencyId: 'cc-chaoyang-housing',
        dueAt: '2022-12-01T11:00:00+08:00', note: '供热问题，请于24小时内核查处理并报送结果',
      },
      { at: '2022-11-30T11:40:00+08:00', actor: 'staff:cc-chaoyang-housing', do: 'acknowledge', note: '已责令供热公司立即整改' },
      {
        at: '2022-12-01T09:30:00+08:00', actor: 'staff:cc-chaoyang-housing', do: 'submitResults',
        content: '已责令供热公司启动调峰锅炉、提高供水参数；室温已达标但仍偏凉，供热公司继续提温，问题已解决。',
      },
      { at: '2022-12-01T10:15:00+08:00', actor: 'staff:cc-mayor-hotline', do: 'approveResults' },
      { at: '2022-12-02T10:00:00+08:00', actor: 'staff:cc-mayor-hotline', do: 'returnVisit', satisfaction: 'SATISFIED', comment: '暖心，效率高' },
      { at: '2022-12-02T10:30:00+08:00', actor: 'staff:cc-mayor-hotline', do: 'close' },
    ],
  },
  // Not from the article: an important clue, to show visits, a meeting and a supervision order.
  {
    submittedAt: '2022-10-20T08:45:00+08:00',
    input: {
      title: '老旧小区供热管网改造停工，入冬供暖无保障',
      content: '小区供热管网改造工程九月起停工，沟槽未回填，眼看入冬，居民担心无法正常供暖。',
      regionCode: '220204',
      category: '供热',
      sensitivity: 'IMPORTANT',
    },
    steps: [
      { at: '2022-10-20T10:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'accept', note: '涉及群众冬季供暖，列为重要问题' },
      {
        at: '2022-10-20T11:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'transfer', agencyId: 'jc-housing',
        dueAt: '2022-11-10T17:00:00+08:00', note: '请核查停工原因，制定复工计划',
      },
      { at: '2022-10-21T09:00:00+08:00', actor: 'staff:jc-housing', do: 'acknowledge' },
      {
        at: '2022-10-25T15:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'visit', agencyIds: ['jl-gov-supervision', 'jc-housing', 'jc-chuanying-housing'],
        summary: '现场查看停工管网工程：沟槽未回填，施工单位因资金未到位停工。',
      },
      {
        at: '2022-10-28T09:30:00+08:00', actor: 'staff:jl-gov-supervision', do: 'meeting', agencyIds: ['jl-gov-supervision', 'jc-housing', 'jc-chuanying-housing'],
        summary: '协调会明确：市住建局协调资金，11月5日前复工，11月15日前完成管网改造并试水。',
      },
      {
        at: '2022-10-28T11:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'issueOrder', issuingAgencyId: 'jl-gov-supervision',
        targetAgencyId: 'jc-housing', dueAt: '2022-11-08T17:00:00+08:00', requirements: '按协调会要求11月5日前复工，11月8日前报送工程进度及供暖保障措施。',
      },
      { at: '2022-11-07T16:00:00+08:00', actor: 'staff:jc-housing', do: 'answerOrder', content: '工程已于11月3日复工，预计11月14日完工，已安排临时供暖措施。' },
      { at: '2022-11-08T10:00:00+08:00', actor: 'staff:jc-housing', do: 'submitResults', content: '管网改造已复工，11月14日完工试水，居民家中已正常供暖。' },
      { at: '2022-11-09T09:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'closeOrder', note: '答复内容属实，督办事项办结' },
      { at: '2022-11-09T10:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'approveResults' },
      { at: '2022-11-16T10:00:00+08:00', actor: 'staff:jl-gov-supervision', do: 'returnVisit', satisfaction: 'BASICALLY_SATISFIED', comment: '已经供暖，希望以后工程别再拖' },
      { at: '2022-11-16T10:30:00+08:00', actor: 'staff:jl-gov-supervision', do: 'close' },
    ],
  },
];

/** The lifecycle action of each clue step (the others are supervision's own: visits, meetings, orders). */
const STEP_ACTIONS: Partial<Record<Step['do'], AppealAction>> = {
  accept: 'accept', transfer: 'assign', acknowledge: 'acknowledge', submitResults: 'submitReply',
  approveResults: 'approveReply', returnVisit: 'followUp', close: 'close',
};
/** The province's Internet + Supervision division: its staff are supervisors (as the demo's supervisor token). */
const SUPERVISION_DIVISION = 'staff:jl-gov-supervision';

/** Each step as the API would take it: the actor's agency, in the role the step needs. */
function roleOf(step: Step): Role {
  if (step.actor === SUPERVISION_DIVISION) return Role.SUPERVISOR;
  const action = STEP_ACTIONS[step.do];
  return action ? staffRoleFor(action) : Role.HANDLER;
}

async function playStory(tx: Tx, staff: ReturnType<typeof demoStaff>, story: Story): Promise<void> {
  const clock = fixedClock(new Date(story.submittedAt));
  const as = (actor: string, at: string, role?: Role): Actor => {
    clock.set(new Date(at));
    return { db: tx, clock, actor, access: role && staff(actor, role) };
  };
  const clue = await domain.submitClue(as('citizen', story.submittedAt), story.input, { id: story.id });
  let orderId: string | undefined;
  for (const step of story.steps) {
    const who = as(step.actor, step.at, roleOf(step));
    switch (step.do) {
      case 'accept': await domain.acceptClue(who, clue.id, step.note); break;
      case 'transfer': await domain.transferClue(who, clue.id, step.agencyId, new Date(step.dueAt), step.note); break;
      case 'acknowledge': await domain.acknowledgeClue(who, clue.id, step.note); break;
      case 'submitResults': await domain.submitResultsReport(who, clue.id, step.content); break;
      case 'approveResults': await domain.approveResultsReport(who, clue.id, step.note); break;
      case 'returnVisit': await domain.recordReturnVisit(who, clue.id, step.satisfaction, step.comment); break;
      case 'close': await domain.closeClue(who, clue.id, step.note); break;
      case 'visit':
      case 'meeting':
        await recordIntervention(who, clue.id, step.do === 'visit' ? 'ON_SITE_VISIT' : 'COORDINATION_MEETING', {
          heldAt: new Date(step.at), agencyIds: step.agencyIds, summary: step.summary,
        });
        break;
      case 'issueOrder':
        orderId = (await issueSupervisionOrder(who, { ...step, appealId: clue.id, dueAt: new Date(step.dueAt) })).id;
        break;
      case 'answerOrder': await answerSupervisionOrder(who, orderId!, step.content); break;
      case 'closeOrder': await closeSupervisionOrder(who, orderId!, step.note); break;
    }
  }
}

export async function seedStories(tx: Tx): Promise<void> {
  const staff = demoStaff(tx);
  for (const story of STORIES) await playStory(tx, staff, story);
}

const PREFECTURES = ['220100', '220200', '220300', '220400', '220500', '220600', '220700', '220800', '222400'];
const TEAM = [
  { name: '省委办公厅网络舆情处', role: '牵头单位', agencyId: 'jl-party-office-opinion' },
  { name: '省政府办公厅互联网督查处', role: '成员单位', agencyId: 'jl-gov-supervision' },
  { name: '省长公开电话受理室', role: '成员单位', agencyId: 'jl-governor-hotline' },
];

/** The joint inspection of July–August 2022: all nine cities and prefectures, twice. */
const CAMPAIGNS = [
  {
    name: '网民留言办理工作专项督查（第一轮）', startsAt: '2022-07-11T08:30:00+08:00', endsAt: '2022-07-29T17:30:00+08:00',
    findings: [
      { regionCode: '220100', agencyId: 'cc-mayor-hotline', summary: '留言办理流程规范，转办及时，回访记录完整。', rectificationRequired: false },
      { regionCode: '220300', agencyId: 'sp-mayor-hotline', summary: '部分留言答复内容简单，未说明具体措施。', rectificationRequired: true },
      { regionCode: '220500', agencyId: 'th-housing', summary: '人行道建设类留言跟踪到位，工程提前完工。', rectificationRequired: false },
      { regionCode: '220700', agencyId: 'sy-mayor-hotline', summary: '个别留言超期未办结，属地责任落实不到位。', rectificationRequired: true },
    ],
  },
  {
    name: '网民留言办理工作专项督查（第二轮）', startsAt: '2022-08-15T08:30:00+08:00', endsAt: '2022-08-31T17:30:00+08:00',
    findings: [
      { regionCode: '220300', agencyId: 'sp-mayor-hotline', summary: '第一轮指出的答复简单问题已整改，答复增加办理措施和时限。', rectificationRequired: false },
      { regionCode: '220700', agencyId: 'sy-mayor-hotline', summary: '超期留言已全部办结，建立超期预警台账。', rectificationRequired: false },
      { regionCode: '222400', agencyId: 'yb-mayor-hotline', summary: '回访率偏低，需补充电话回访。', rectificationRequired: true },
    ],
  },
];

export async function seedCampaigns(tx: Tx): Promise<void> {
  const clock = fixedClock(new Date(CAMPAIGNS[0]!.startsAt));
  for (const campaign of CAMPAIGNS) {
    clock.set(new Date(campaign.startsAt));
    const who: Actor = { db: tx, clock, actor: 'staff:jl-party-office-opinion' };
    const created = await createInspectionCampaign(who, {
      name: campaign.name, organizerAgencyId: 'jl-party-office', team: TEAM, regionCodes: PREFECTURES,
      startsAt: new Date(campaign.startsAt), endsAt: new Date(campaign.endsAt),
    });
    for (const finding of campaign.findings) {
      clock.set(new Date(campaign.endsAt));
      await addInspectionFinding(who, created.id, finding);
    }
  }
}
