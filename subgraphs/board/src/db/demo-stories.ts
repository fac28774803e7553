import type { Satisfaction } from '@civicgraph/platform';

/** The boards: the provincial leaders' and, for each prefecture, its party secretary's and mayor's. */
const PREFECTURES = [
  ['cc', '220100', '长春', 'Changchun'],
  ['jc', '220200', '吉林', 'Jilin City'],
  ['sp', '220300', '四平', 'Siping'],
  ['ly', '220400', '辽源', 'Liaoyuan'],
  ['th', '220500', '通化', 'Tonghua'],
  ['bs', '220600', '白山', 'Baishan'],
  ['sy', '220700', '松原', 'Songyuan'],
  ['bc', '220800', '白城', 'Baicheng'],
  ['yb', '222400', '延边', 'Yanbian'],
] as const;

/** The office running each board: the party committee's (Tonghua's committee, elsewhere the city government's office) or the government's. */
const secretaryOffice = (prefix: string) => (prefix === 'th' ? 'th-party' : `${prefix}-gov-office`);

export const DEMO_BOARDS = [
  { id: 'jl-secretary', name: '吉林省委书记', nameEn: 'Jilin Provincial Party Secretary', leaderTitle: 'Provincial Party Secretary', regionCode: '220000', officeId: 'jl-party-office' },
  { id: 'jl-governor', name: '吉林省省长', nameEn: 'Governor of Jilin', leaderTitle: 'Governor', regionCode: '220000', officeId: 'jl-gov-office' },
  ...PREFECTURES.flatMap(([prefix, code, zh, en]) => [
    { id: `${prefix}-secretary`, name: `${zh}市委书记`, nameEn: `${en} Party Secretary`, leaderTitle: 'Municipal Party Secretary', regionCode: code, officeId: secretaryOffice(prefix) },
    { id: `${prefix}-mayor`, name: `${zh}市长`, nameEn: `Mayor of ${en}`, leaderTitle: 'Mayor', regionCode: code, officeId: `${prefix}-gov-office` },
  ]),
];
export const DEMO_PREFECTURES = PREFECTURES;

export type StoryStep =
  | { at: string; actor: string; do: 'accept' | 'acknowledge' | 'approveReply' | 'closeMessage'; note?: string }
  | { at: string; actor: string; do: 'reopen'; note: string }
  | { at: string; actor: string; do: 'forward'; agencyId: string; dueAt: string; note?: string }
  | { at: string; actor: string; do: 'submitReply'; content: string }
  | { at: string; actor: string; do: 'returnVisit'; satisfaction: Satisfaction; comment: string };

export interface Story {
  boardId: string;
  regionCode: string;
  category: string;
  title: string;
  content: string;
  postedAt: string;
  /** How to reach the poster (invented for the demo: the article names no one); shown masked. */
  contact?: { name: string; phone: string; address?: string };
  steps: StoryStep[];
}

/** The two message-board stories of the source article, step by step as it tells them. */
export const ARTICLE_STORIES: Story[] = [
  {
    boardId: 'jl-secretary',
    regionCode: '220000',
    category: '经济发展',
    title: '建议加强与浙江省对口交流，探索乡镇农垦企业发展新思路',
    content:
      '建议通过“派出去、引进来”加强与浙江省对口交流，并探索乡镇农垦企业发展思路，发展吉林省县域经济。',
    postedAt: '2022-09-26T09:30:00+08:00',
    contact: { name: '赵建国', phone: '13904310001' },
    steps: [
      { at: '2022-09-26T14:00:00+08:00', actor: 'staff:jl-party-office', do: 'accept' },
      {
        at: '2022-09-26T15:00:00+08:00',
        actor: 'staff:jl-party-office',
        do: 'forward',
        agencyId: 'jl-drc',
        dueAt: '2022-10-11T17:00:00+08:00',
        note: '请认真核实情况、深入分析原因、采取有效措施，确保在源头上高质高效解决问题',
      },
      { at: '2022-09-27T09:00:00+08:00', actor: 'staff:jl-drc', do: 'acknowledge' },
      {
        at: '2022-10-08T10:00:00+08:00',
        actor: 'staff:jl-drc',
        do: 'submitReply',
        content: '经调查、核实，就您提出的加强与浙江省对口交流及乡镇农垦企业发展的建议答复如下，并已与您电话沟通征求意见。',
      },
      // 审核关: the party committee office reviews the Commission's reply; 回访关: its online-opinion division visits.
      { at: '2022-10-08T16:00:00+08:00', actor: 'staff:jl-party-office', do: 'approveReply' },
      {
        at: '2022-10-10T10:00:00+08:00',
        actor: 'staff:jl-party-office-opinion',
        do: 'returnVisit',
        satisfaction: 'VERY_SATISFIED',
        comment: '问题已经得到解决，效率高，感谢！相信经济一定会再上新台阶！',
      },
      { at: '2022-10-10T11:00:00+08:00', actor: 'staff:jl-party-office-opinion', do: 'closeMessage' },
    ],
  },
  {
    boardId: 'th-secretary',
    regionCode: '220502',
    category: '城乡建设',
    title: '华翔雍和苑东南门到育红小学的道路没有人行道',
    content: '通化市华翔雍和苑东南门到育红小学的道路没有人行道，孩子上学路上存在安全隐患。这条路步行路段我们已经等了两年！请领导调研！',
    postedAt: '2022-06-28T20:15:00+08:00',
    contact: { name: '刘晓梅', phone: '13904350002', address: '通化市东昌区华翔雍和苑' },
    steps: [
      { at: '2022-06-29T09:00:00+08:00', actor: 'staff:th-party', do: 'accept' },
      {
        at: '2022-06-29T10:00:00+08:00',
        actor: 'staff:th-party',
        do: 'forward',
        agencyId: 'th-housing',
        dueAt: '2022-08-31T17:00:00+08:00',
        note: '有关部门已赴现场了解情况：该路段原为小区开发企业建设，因资金周转问题未完成，由市住建局先行组织恢复',
      },
      { at: '2022-06-30T09:00:00+08:00', actor: 'staff:th-housing', do: 'acknowledge', note: '由市政工程管理处进场施工，计划工期30天' },
      {
        at: '2022-08-15T10:00:00+08:00',
        actor: 'staff:th-housing',
        do: 'submitReply',
        content: '该路段人行道已由市政工程管理处于7月25日开工、8月14日完工，原定30天工期仅用19天完成。',
      },
      { at: '2022-08-15T15:00:00+08:00', actor: 'staff:th-party', do: 'approveReply' },
      {
        at: '2022-08-18T10:00:00+08:00',
        actor: 'staff:th-party',
        do: 'returnVisit',
        satisfaction: 'VERY_SATISFIED',
        comment: '圆满解决，孩子上学安全了，暖心，感谢！',
      },
      { at: '2022-08-18T11:00:00+08:00', actor: 'staff:th-party', do: 'closeMessage' },
    ],
  },
];
