import { seededRandom, type Db, type Satisfaction, type Services } from '@civicgraph/platform';
import { count } from 'drizzle-orm';
import { writeStories } from './demo-bulk.ts';
import { ARTICLE_STORIES, DEMO_BOARDS, DEMO_PREFECTURES, type Story } from './demo-stories.ts';
import { boards, messages } from './tables.ts';

/** The leaders' boards: reference data, written when missing (several replicas may race: no conflict). */
export async function seedBoards(db: Db): Promise<void> {
  await db.insert(boards).values(DEMO_BOARDS).onConflictDoNothing();
}

/**
 * Demo messages, written once while there are none: the article's two stories and a few hundred
 * generated messages across boards, regions and lifecycle states. Written set-based under the same
 * checks and lifecycle rules as the API (demo-bulk.ts), so timelines and events are real.
 */
export async function seedDemoMessages(services: Services, { generated = 300 } = {}): Promise<void> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(messages);
  if (Number(existing?.n) > 0) return;
  await db.transaction((tx) => writeStories(tx, [...ARTICLE_STORIES, ...generateStories(generated)]));
}


/*
 * Housing matters go to the prefecture's housing bureau, the rest to its government office, which
 * dispatches them (on the boards it runs itself, to the locality: see LOCALITY). Never to a mayor's hotline office: in the demo the Changchun office's 2022
 * caseload is the article's 6,347 Internet + Supervision messages (the supervision subgraph).
 */
const TOPICS = [
  ['城乡建设', 'housing', ['小区门前道路破损严重，雨天积水', '人行道被占用，行人只能走机动车道', '老旧小区改造进度缓慢']],
  ['供热', 'housing', ['暖气不热，室温只有十四五度', '供热时断时续，请尽快处理', '新入住小区至今未通暖']],
  ['物业管理', 'housing', ['物业公司不作为，垃圾无人清运', '电梯频繁故障，物业推诿']],
  ['交通出行', 'gov-office', ['公交线路调整后出行不便', '路口红绿灯时间过短，老人过马路困难']],
  ['教育', 'gov-office', ['学校周边缺少安全设施', '希望增加普惠性幼儿园学位']],
  ['环境保护', 'gov-office', ['夜间施工噪音扰民', '河道垃圾堆积，气味难闻']],
  ['就业社保', 'gov-office', ['社保转移接续手续繁琐', '灵活就业人员参保咨询']],
] as const;

/** Each prefecture's main district or county government and its region: where its government office sends its own matters. */
const LOCALITY: Readonly<Record<string, readonly [string, string]>> = {
  cc: ['cc-nanguan-gov', '220102'],
  jc: ['jc-changyi-gov', '220202'],
  sp: ['ls-county-gov', '220322'],
  ly: ['ly-longshan-gov', '220402'],
  th: ['th-dongchang-gov', '220502'],
  bs: ['bs-hunjiang-gov', '220602'],
  sy: ['sy-ningjiang-gov', '220702'],
  bc: ['bc-taobei-gov', '220802'],
  yb: ['yb-yanji-gov', '222401'],
};

/** Weighted as the article reports the party secretary's board: these four words came out on top in 2022. */
const PRAISE = ['效率高', '效率高', '效率高', '感谢', '感谢', '感谢', '圆满解决', '圆满解决', '圆满解决', '暖心', '暖心', '暖心', '回复及时', '办事认真'];
const COMPLAINT = ['问题没有解决', '回复敷衍，不满意'];
const SATISFIED: Satisfaction[] = ['VERY_SATISFIED', 'SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED'];
const DAY = 86_400_000;
const HOUR = 3_600_000;

function generateStories(total: number): Story[] {
  const rnd = seededRandom(20220926);
  const praise = () => [...new Set([rnd.pick(PRAISE), rnd.pick(PRAISE)])].join('，');
  const stories: Story[] = [];
  const yearStart = Date.parse('2022-01-03T08:00:00+08:00');
  for (let i = 0; i < total; i++) {
    const [prefix, regionCode] = rnd.pick(DEMO_PREFECTURES);
    // The provincial leaders' boards, the party secretary's above all, draw the most messages.
    const provincial = rnd.next() < 0.4;
    const boardId = provincial ? rnd.pick(['jl-secretary', 'jl-secretary', 'jl-governor']) : `${prefix}-${rnd.pick(['secretary', 'mayor'])}`;
    const [category, agencyKind, titles] = rnd.pick(TOPICS);
    let t = yearStart + Math.floor(rnd.next() * 340 * DAY);
    const iso = () => new Date(t).toISOString();
    const later = (minHours: number, maxHours: number) => {
      t += (minHours + rnd.next() * (maxHours - minHours)) * HOUR;
      return iso();
    };
    const story: Story = {
      boardId,
      regionCode,
      category,
      title: `${rnd.pick(titles)}（${i + 1}）`,
      content: `${rnd.pick(titles)}。希望有关部门尽快核实处理。`,
      postedAt: iso(),
      steps: [],
    };
    stories.push(story);
    // The office running the board takes the message in, reviews the reply, visits and closes.
    const officeId = DEMO_BOARDS.find((b) => b.id === boardId)!.officeId;
    const office = `staff:${officeId}`;
    let handler: string = `${prefix}-${agencyKind}`;
    if (handler === officeId) {
      // An office never forwards to itself (SELF_DISPATCH): on the boards the government office runs,
      // it hands its own matters to the locality (属地): the main district's or county's government.
      [handler, story.regionCode] = LOCALITY[prefix]!;
    }
    // How far along the lifecycle this message has got: spread over every state.
    const reach = rnd.next();
    if (reach < 0.06) continue; // still SUBMITTED
    if (reach < 0.1) {
      story.steps.push({ at: later(2, 48), actor: office, do: 'accept' });
      continue;
    }
    story.steps.push({ at: later(2, 48), actor: office, do: 'accept' });
    const forwardedAt = later(1, 24);
    const dueAt = new Date(t + 15 * DAY).toISOString();
    story.steps.push({ at: forwardedAt, actor: office, do: 'forward', agencyId: handler, dueAt });
    if (reach < 0.18) continue; // ASSIGNED
    story.steps.push({ at: later(2, 72), actor: `staff:${handler}`, do: 'acknowledge' });
    if (reach < 0.3) continue; // IN_PROGRESS
    // Some replies come after the deadline, so overdue handling has something to show.
    story.steps.push({
      at: later(24, rnd.next() < 0.15 ? 500 : 300),
      actor: `staff:${handler}`,
      do: 'submitReply',
      content: '经现场核实，已安排专人处理，问题已整改完毕。',
    });
    if (reach < 0.38) continue; // REPLY_SUBMITTED
    story.steps.push({ at: later(2, 48), actor: office, do: 'approveReply' });
    if (reach < 0.5) continue; // REPLIED
    const happy = rnd.next() < 0.9;
    story.steps.push({
      at: later(24, 96),
      actor: office,
      do: 'returnVisit',
      satisfaction: happy ? rnd.pick(SATISFIED) : 'DISSATISFIED',
      comment: happy ? praise() : rnd.pick(COMPLAINT),
    });
    if (reach < 0.6) continue; // FOLLOWED_UP
    // Rated dissatisfied, the office reopens it rather than closing it (only a supervisor closes those).
    if (!happy) story.steps.push({ at: later(1, 24), actor: office, do: 'reopen', note: '回访不满意，重新办理' });
    else story.steps.push({ at: later(1, 24), actor: office, do: 'closeMessage' });
  }
  return stories;
}
