import type { Db } from '@civicgraph/platform';
import { agencies, regions, type AgencyKind, type AgencyRow, type RegionLevel, type RegionRow } from './tables.ts';

/*
 * Demo directory: Jilin province, its nine prefecture-level divisions and the county-level divisions
 * the source article's stories happen in (plus a few for variety). Codes are real GB/T 2260 codes.
 * Townships are not regions here (codes are six digits); they appear as TOWNSHIP agencies seated in
 * their county. Chinese names follow the short forms the article and citizens use (住建局, 发改委).
 */

const region = (code: string, name: string, nameEn: string, level: RegionLevel, parentCode: string | null): RegionRow => ({
  code, name, nameEn, level, parentCode,
});

export const DEMO_REGIONS: readonly RegionRow[] = [
  region('220000', '吉林省', 'Jilin Province', 'PROVINCE', null),
  region('220100', '长春市', 'Changchun', 'PREFECTURE', '220000'),
  region('220200', '吉林市', 'Jilin City', 'PREFECTURE', '220000'),
  region('220300', '四平市', 'Siping', 'PREFECTURE', '220000'),
  region('220400', '辽源市', 'Liaoyuan', 'PREFECTURE', '220000'),
  region('220500', '通化市', 'Tonghua', 'PREFECTURE', '220000'),
  region('220600', '白山市', 'Baishan', 'PREFECTURE', '220000'),
  region('220700', '松原市', 'Songyuan', 'PREFECTURE', '220000'),
  region('220800', '白城市', 'Baicheng', 'PREFECTURE', '220000'),
  region('222400', '延边朝鲜族自治州', 'Yanbian Korean Autonomous Prefecture', 'PREFECTURE', '220000'),
  region('220102', '南关区', 'Nanguan District', 'COUNTY', '220100'),
  region('220103', '宽城区', 'Kuancheng District', 'COUNTY', '220100'),
  region('220104', '朝阳区', 'Chaoyang District', 'COUNTY', '220100'),
  region('220105', '二道区', 'Erdao District', 'COUNTY', '220100'),
  region('220106', '绿园区', 'Lüyuan District', 'COUNTY', '220100'),
  region('220112', '双阳区', 'Shuangyang District', 'COUNTY', '220100'),
  region('220202', '昌邑区', 'Changyi District', 'COUNTY', '220200'),
  region('220204', '船营区', 'Chuanying District', 'COUNTY', '220200'),
  region('220302', '铁西区', 'Tiexi District', 'COUNTY', '220300'),
  region('220322', '梨树县', 'Lishu County', 'COUNTY', '220300'),
  region('220402', '龙山区', 'Longshan District', 'COUNTY', '220400'),
  region('220502', '东昌区', 'Dongchang District', 'COUNTY', '220500'),
  region('220581', '梅河口市', 'Meihekou', 'COUNTY', '220500'),
  region('220602', '浑江区', 'Hunjiang District', 'COUNTY', '220600'),
  region('220702', '宁江区', 'Ningjiang District', 'COUNTY', '220700'),
  region('220802', '洮北区', 'Taobei District', 'COUNTY', '220800'),
  region('222401', '延吉市', 'Yanji', 'COUNTY', '222400'),
  region('222404', '珲春市', 'Hunchun', 'COUNTY', '222400'),
];

// `const Id` keeps each id a literal type, so DemoAgencyId below is the union of the seeded ids.
const agency = <const Id extends string>(
  id: Id, name: string, nameEn: string, kind: AgencyKind, regionCode: string, parentId: string | null = null,
): AgencyRow & { id: Id } => ({ id, name, nameEn, kind, regionCode, parentId });

/** Every seeded agency; parents come before their children. Other subgraphs' demo data refers to these ids. */
export const DEMO_AGENCIES = [
  // Province: the offices behind the leaders' board, the 96118 hotline and Internet + Supervision.
  agency('jl-party-office', '吉林省委办公厅', 'General Office of the CPC Jilin Provincial Committee', 'OFFICE', '220000'),
  agency('jl-party-office-opinion', '吉林省委办公厅网络舆情处', 'Online Public Opinion Division, Provincial Party Committee General Office', 'OFFICE', '220000', 'jl-party-office'),
  agency('jl-gov-office', '吉林省政府办公厅', 'General Office of the Jilin Provincial Government', 'OFFICE', '220000'),
  agency('jl-governor-hotline', '吉林省政府办公厅省长公开电话受理室', "Governor's Public Hotline 96118 Reception Office", 'OFFICE', '220000', 'jl-gov-office'),
  agency('jl-gov-supervision', '吉林省政府办公厅互联网督查处', 'Internet Supervision Division, Provincial Government General Office', 'OFFICE', '220000', 'jl-gov-office'),
  agency('jl-drc', '吉林省发改委', 'Jilin Provincial Development and Reform Commission', 'COMMISSION', '220000'),
  agency('jl-housing', '吉林省住建厅', 'Jilin Provincial Department of Housing and Urban-Rural Development', 'BUREAU', '220000'),
  agency('jl-agriculture', '吉林省农业农村厅', 'Jilin Provincial Department of Agriculture and Rural Affairs', 'BUREAU', '220000'),

  // Changchun: the mayor's hotline office, housing bureaus down to the districts, and the heating company.
  agency('cc-gov-office', '长春市政府办公厅', 'General Office of the Changchun Municipal Government', 'OFFICE', '220100'),
  agency('cc-mayor-hotline', '长春市市长公开电话办公室', "Changchun Mayor's Public Hotline Office", 'OFFICE', '220100', 'cc-gov-office'),
  agency('cc-housing', '长春市住建局', 'Changchun Housing and Urban-Rural Development Bureau', 'BUREAU', '220100'),
  agency('cc-nanguan-housing', '南关区住建局', 'Nanguan District Housing and Urban-Rural Development Bureau', 'BUREAU', '220102', 'cc-housing'),
  agency('cc-kuancheng-housing', '宽城区住建局', 'Kuancheng District Housing and Urban-Rural Development Bureau', 'BUREAU', '220103', 'cc-housing'),
  agency('cc-chaoyang-housing', '朝阳区住建局', 'Chaoyang District Housing and Urban-Rural Development Bureau', 'BUREAU', '220104', 'cc-housing'),
  agency('cc-erdao-housing', '二道区住建局', 'Erdao District Housing and Urban-Rural Development Bureau', 'BUREAU', '220105', 'cc-housing'),
  agency('cc-lvyuan-housing', '绿园区住建局', 'Lüyuan District Housing and Urban-Rural Development Bureau', 'BUREAU', '220106', 'cc-housing'),
  // A demo company, supervised by the district housing bureau (the article names no company).
  agency('cc-heating-co', '朝阳区供热公司', 'Chaoyang District Heating Company', 'COMPANY', '220104', 'cc-chaoyang-housing'),
  agency('cc-nanguan-gov', '南关区政府', 'Nanguan District Government', 'OFFICE', '220102'),
  agency('cc-nanguan-mingzhu', '南关区明珠街道办事处', 'Mingzhu Subdistrict Office, Nanguan District', 'TOWNSHIP', '220102', 'cc-nanguan-gov'),

  // Jilin City.
  agency('jc-gov-office', '吉林市政府办公室', 'General Office of the Jilin City Government', 'OFFICE', '220200'),
  agency('jc-mayor-hotline', '吉林市市长公开电话办公室', "Jilin City Mayor's Public Hotline Office", 'OFFICE', '220200', 'jc-gov-office'),
  agency('jc-housing', '吉林市住建局', 'Jilin City Housing and Urban-Rural Development Bureau', 'BUREAU', '220200'),
  agency('jc-chuanying-housing', '船营区住建局', 'Chuanying District Housing and Urban-Rural Development Bureau', 'BUREAU', '220204', 'jc-housing'),
  agency('jc-changyi-gov', '昌邑区政府', 'Changyi District Government', 'OFFICE', '220202'),

  // Siping, with Lishu county and the town that rebuilt the flooding ditch.
  agency('sp-gov-office', '四平市政府办公室', 'General Office of the Siping Municipal Government', 'OFFICE', '220300'),
  agency('sp-mayor-hotline', '四平市市长公开电话办公室', "Siping Mayor's Public Hotline Office", 'OFFICE', '220300', 'sp-gov-office'),
  agency('sp-housing', '四平市住建局', 'Siping Housing and Urban-Rural Development Bureau', 'BUREAU', '220300'),
  agency('ls-county-gov', '梨树县政府', 'Lishu County Government', 'OFFICE', '220322'),
  agency('ls-agriculture', '梨树县农业农村局', 'Lishu County Bureau of Agriculture and Rural Affairs', 'BUREAU', '220322', 'ls-county-gov'),
  agency('ls-liujiaguanzi', '刘家馆子镇政府', 'Liujiaguanzi Town Government', 'TOWNSHIP', '220322', 'ls-county-gov'),

  // Liaoyuan.
  agency('ly-gov-office', '辽源市政府办公室', 'General Office of the Liaoyuan Municipal Government', 'OFFICE', '220400'),
  agency('ly-mayor-hotline', '辽源市市长公开电话办公室', "Liaoyuan Mayor's Public Hotline Office", 'OFFICE', '220400', 'ly-gov-office'),
  agency('ly-housing', '辽源市住建局', 'Liaoyuan Housing and Urban-Rural Development Bureau', 'BUREAU', '220400'),
  agency('ly-longshan-gov', '龙山区政府', 'Longshan District Government', 'OFFICE', '220402'),

  // Tonghua: the city committee and the bureau whose engineering office built the sidewalk.
  agency('th-party', '通化市委', 'CPC Tonghua Municipal Committee', 'OFFICE', '220500'),
  agency('th-gov-office', '通化市政府办公室', 'General Office of the Tonghua Municipal Government', 'OFFICE', '220500'),
  agency('th-mayor-hotline', '通化市市长公开电话办公室', "Tonghua Mayor's Public Hotline Office", 'OFFICE', '220500', 'th-gov-office'),
  agency('th-housing', '通化市住建局', 'Tonghua Housing and Urban-Rural Development Bureau', 'BUREAU', '220500'),
  agency('th-municipal-eng', '通化市市政工程管理处', 'Tonghua Municipal Engineering Management Office', 'INSTITUTION', '220500', 'th-housing'),
  agency('th-dongchang-housing', '东昌区住建局', 'Dongchang District Housing and Urban-Rural Development Bureau', 'BUREAU', '220502', 'th-housing'),
  agency('th-dongchang-gov', '东昌区政府', 'Dongchang District Government', 'OFFICE', '220502'),

  // Baishan.
  agency('bs-gov-office', '白山市政府办公室', 'General Office of the Baishan Municipal Government', 'OFFICE', '220600'),
  agency('bs-mayor-hotline', '白山市市长公开电话办公室', "Baishan Mayor's Public Hotline Office", 'OFFICE', '220600', 'bs-gov-office'),
  agency('bs-housing', '白山市住建局', 'Baishan Housing and Urban-Rural Development Bureau', 'BUREAU', '220600'),
  agency('bs-hunjiang-gov', '浑江区政府', 'Hunjiang District Government', 'OFFICE', '220602'),

  // Songyuan.
  agency('sy-gov-office', '松原市政府办公室', 'General Office of the Songyuan Municipal Government', 'OFFICE', '220700'),
  agency('sy-mayor-hotline', '松原市市长公开电话办公室', "Songyuan Mayor's Public Hotline Office", 'OFFICE', '220700', 'sy-gov-office'),
  agency('sy-housing', '松原市住建局', 'Songyuan Housing and Urban-Rural Development Bureau', 'BUREAU', '220700'),
  agency('sy-ningjiang-gov', '宁江区政府', 'Ningjiang District Government', 'OFFICE', '220702'),

  // Baicheng.
  agency('bc-gov-office', '白城市政府办公室', 'General Office of the Baicheng Municipal Government', 'OFFICE', '220800'),
  agency('bc-mayor-hotline', '白城市市长公开电话办公室', "Baicheng Mayor's Public Hotline Office", 'OFFICE', '220800', 'bc-gov-office'),
  agency('bc-housing', '白城市住建局', 'Baicheng Housing and Urban-Rural Development Bureau', 'BUREAU', '220800'),
  agency('bc-taobei-gov', '洮北区政府', 'Taobei District Government', 'OFFICE', '220802'),

  // Yanbian: a prefecture, so its head is a 州长 rather than a mayor.
  agency('yb-gov-office', '延边州政府办公室', 'General Office of the Yanbian Prefecture Government', 'OFFICE', '222400'),
  agency('yb-mayor-hotline', '延边州州长公开电话办公室', "Yanbian Prefecture Governor's Public Hotline Office", 'OFFICE', '222400', 'yb-gov-office'),
  agency('yb-housing', '延边州住建局', 'Yanbian Housing and Urban-Rural Development Bureau', 'BUREAU', '222400'),
  agency('yb-yanji-housing', '延吉市住建局', 'Yanji Housing and Urban-Rural Development Bureau', 'BUREAU', '222401', 'yb-housing'),
  agency('yb-yanji-gov', '延吉市政府', 'Yanji City Government', 'OFFICE', '222401'),
] as const;

export type DemoAgencyId = (typeof DEMO_AGENCIES)[number]['id'];
export const DEMO_AGENCY_IDS: readonly DemoAgencyId[] = DEMO_AGENCIES.map((a) => a.id);

/**
 * Writes the demo directory when the regions table is empty, in one transaction. The conflict
 * clauses let two replicas starting together both run this without one of them failing.
 */
export async function seedAgencies(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const existing = await tx.select({ code: regions.code }).from(regions).limit(1);
    if (existing.length > 0) return;
    await tx.insert(regions).values([...DEMO_REGIONS]).onConflictDoNothing();
    await tx.insert(agencies).values([...DEMO_AGENCIES]).onConflictDoNothing();
  });
}
