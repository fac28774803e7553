import type { DemoAgencyId } from '@civicgraph/agencies/demo';
import type { HotlineRow, SeatRow } from './tables.ts';

/*
 * Reference data: the hotlines, their seats and the default routing rules. Agency ids are checked
 * against the agencies subgraph's seeded directory at compile time (DemoAgencyId).
 */

type Prefix = 'cc' | 'jc' | 'sp' | 'ly' | 'th' | 'bs' | 'sy' | 'bc' | 'yb';
interface Prefecture {
  prefix: Prefix;
  code: string;
  name: string;
  nameEn: string;
  /** County-level divisions seeded by the agencies subgraph. */
  counties: readonly string[];
  seats: number;
}

export const PREFECTURES: readonly Prefecture[] = [
  { prefix: 'cc', code: '220100', name: '长春市', nameEn: 'Changchun', counties: ['220102', '220103', '220104', '220105', '220106', '220112'], seats: 8 },
  { prefix: 'jc', code: '220200', name: '吉林市', nameEn: 'Jilin City', counties: ['220202', '220204'], seats: 4 },
  { prefix: 'sp', code: '220300', name: '四平市', nameEn: 'Siping', counties: ['220302', '220322'], seats: 4 },
  { prefix: 'ly', code: '220400', name: '辽源市', nameEn: 'Liaoyuan', counties: ['220402'], seats: 3 },
  { prefix: 'th', code: '220500', name: '通化市', nameEn: 'Tonghua', counties: ['220502', '220581'], seats: 4 },
  { prefix: 'bs', code: '220600', name: '白山市', nameEn: 'Baishan', counties: ['220602'], seats: 3 },
  { prefix: 'sy', code: '220700', name: '松原市', nameEn: 'Songyuan', counties: ['220702'], seats: 3 },
  { prefix: 'bc', code: '220800', name: '白城市', nameEn: 'Baicheng', counties: ['220802'], seats: 3 },
  { prefix: 'yb', code: '222400', name: '延边州', nameEn: 'Yanbian', counties: ['222401', '222404'], seats: 4 },
];

export const GOVERNOR_HOTLINE = 'jl-governor-hotline' satisfies DemoAgencyId;
/** The article: 35 staffed seats, 24×7. */
export const GOVERNOR_SEATS = 35;

const mayorHotlineId = (prefix: Prefix) => `${prefix}-mayor-hotline` as const satisfies DemoAgencyId;

export const HOTLINES: readonly HotlineRow[] = [
  {
    id: GOVERNOR_HOTLINE,
    name: '吉林省省长公开电话',
    nameEn: "Jilin Governor's Public Hotline",
    phoneNumber: '96118',
    agencyId: GOVERNOR_HOTLINE,
    regionCode: '220000',
  },
  ...PREFECTURES.map((p) => ({
    id: mayorHotlineId(p.prefix),
    name: p.prefix === 'yb' ? '延边州州长公开电话' : `${p.name}市长公开电话`,
    nameEn: p.prefix === 'yb' ? "Yanbian Prefecture Governor's Public Hotline" : `${p.nameEn} Mayor's Public Hotline`,
    // Since the 2021 merger of government service lines, the mayors' hotlines answer on 12345.
    phoneNumber: '12345',
    agencyId: mayorHotlineId(p.prefix),
    regionCode: p.code,
  })),
];

const seatsOf = (hotlineId: string, count: number): SeatRow[] =>
  Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: `${hotlineId}-${n}`, hotlineId, label: `${n}号坐席`, active: true };
  });

export const SEATS: readonly SeatRow[] = [
  ...seatsOf(GOVERNOR_HOTLINE, GOVERNOR_SEATS),
  ...PREFECTURES.flatMap((p) => seatsOf(mayorHotlineId(p.prefix), p.seats)),
];

type Rule = { categoryId: string | null; regionCode: string; agencyId: DemoAgencyId; note: string | null };
const rule = (categoryId: string | null, regionCode: string, agencyId: DemoAgencyId, note: string | null = null): Rule => ({
  categoryId, regionCode, agencyId, note,
});

/** Domains the housing and construction bureaus handle. */
const HOUSING_DOMAINS = ['heating', 'urban-construction', 'housing'] as const;
const CHANGCHUN_DISTRICT_HOUSING: Record<string, DemoAgencyId> = {
  '220102': 'cc-nanguan-housing',
  '220103': 'cc-kuancheng-housing',
  '220104': 'cc-chaoyang-housing',
  '220105': 'cc-erdao-housing',
  '220106': 'cc-lvyuan-housing',
};

/**
 * Default routing: anything in a prefecture goes to its government office, which has it handled;
 * housing, construction and heating go to the housing bureau (the district's in Changchun);
 * province-wide matters go to the provincial departments. A mayor's hotline office takes no ticket
 * itself: it takes calls in, forwards them (to its own office would be SELF_DISPATCH), reviews and
 * visits; in Changchun, Nanguan's own matters go to the district government (and the office's
 * caseload in the demo is the article's 6,347 Internet + Supervision messages). Lishu county's farmland drainage goes to the town that rebuilt the ditch — a
 * demo rule: townships are agencies here, not regions, so a real rule set would name the town of each village.
 */
export const ROUTING_RULES: readonly Rule[] = [
  rule(null, '220000', 'jl-gov-office', '全省性事项由省政府办公厅统筹'),
  rule('agriculture', '220000', 'jl-agriculture'),
  rule('government-services', '220000', 'jl-drc'),
  ...HOUSING_DOMAINS.map((d) => rule(d, '220000', 'jl-housing')),
  ...PREFECTURES.flatMap((p) => [
    rule(null, p.code, `${p.prefix}-gov-office` as DemoAgencyId, '市政府办公室分办至相关部门'),
    ...HOUSING_DOMAINS.map((d) => rule(d, p.code, `${p.prefix}-housing` as DemoAgencyId)),
  ]),
  rule(null, '220102', 'cc-nanguan-gov', '南关区事项由区政府办理'),
  ...Object.entries(CHANGCHUN_DISTRICT_HOUSING).flatMap(([code, agency]) => HOUSING_DOMAINS.map((d) => rule(d, code, agency))),
  rule(null, '220322', 'ls-county-gov'),
  rule('agriculture', '220322', 'ls-agriculture'),
  rule('agriculture.farmland-water', '220322', 'ls-liujiaguanzi', '东卡篓村等村屯农田排水由刘家馆子镇政府负责'),
  rule('urban-construction.sidewalks', '220502', 'th-municipal-eng', '东昌区人行道由市政工程管理处施工'),
];
