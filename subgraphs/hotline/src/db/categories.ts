import type { DeadlineClass } from '../domain/deadlines.ts';

/**
 * The hotline's category tree: domains and the categories under them, as a 12345-style hotline
 * sorts what citizens call about. Each category carries the deadline class its tickets get by
 * default: water, power, gas and heating outages 24 hours; most things 7 working days; matters that
 * need investigation or several bodies 15 working days. The classes can be changed per category.
 */
type Leaf = readonly [slug: string, name: string, nameEn: string, deadlineClass?: DeadlineClass];
interface Domain {
  slug: string;
  name: string;
  nameEn: string;
  deadlineClass: DeadlineClass;
  categories: readonly Leaf[];
}

const U = 'URGENT_24H';
const G = 'GENERAL_7D';
const C = 'COMPLEX_15D';

export const CATEGORY_DOMAINS: readonly Domain[] = [
  { slug: 'water', name: '供水', nameEn: 'Water supply', deadlineClass: U, categories: [
    ['outage', '停水', 'Water outage'],
    ['low-pressure', '水压不足', 'Low water pressure'],
    ['quality', '水质问题', 'Water quality'],
    ['pipe-leak', '管道漏水', 'Burst or leaking main'],
    ['meter', '水表问题', 'Water meter', G],
    ['secondary-supply', '二次供水', 'Secondary (rooftop tank) supply', G],
    ['billing', '水费争议', 'Water bill dispute', G],
  ] },
  { slug: 'power', name: '供电', nameEn: 'Power supply', deadlineClass: U, categories: [
    ['outage', '停电', 'Power outage'],
    ['voltage', '电压不稳', 'Unstable voltage'],
    ['line-hazard', '线路隐患', 'Dangerous power line'],
    ['meter', '电表问题', 'Electricity meter', G],
    ['billing', '电费争议', 'Electricity bill dispute', G],
    ['ev-charging', '充电设施', 'EV charging points', G],
  ] },
  { slug: 'gas', name: '供气', nameEn: 'Gas supply', deadlineClass: U, categories: [
    ['outage', '停气', 'Gas outage'],
    ['leak', '燃气泄漏', 'Gas leak'],
    ['meter', '燃气表问题', 'Gas meter', G],
    ['billing', '燃气费争议', 'Gas bill dispute', G],
    ['installation', '燃气开户安装', 'Gas connection and installation', G],
  ] },
  { slug: 'heating', name: '供热', nameEn: 'Heating', deadlineClass: U, categories: [
    ['room-temperature', '室温不达标', 'Room temperature below standard'],
    ['no-heating', '停热', 'No heating'],
    ['intermittent', '供热时断时续', 'Heating comes and goes'],
    ['radiator-leak', '暖气漏水', 'Leaking radiator'],
    ['billing', '供热收费', 'Heating charges', G],
    ['new-building', '新建小区未通暖', 'New estate not yet connected', C],
  ] },
  { slug: 'urban-construction', name: '城乡建设', nameEn: 'Urban and rural construction', deadlineClass: G, categories: [
    ['roads', '市政道路', 'Municipal roads'],
    ['sidewalks', '人行道', 'Sidewalks'],
    ['street-lights', '路灯照明', 'Street lighting'],
    ['drainage', '排水防涝', 'Drainage and waterlogging', U],
    ['manholes', '井盖缺失', 'Missing manhole covers', U],
    ['illegal-building', '违章建筑', 'Illegal construction', C],
    ['old-estate-renewal', '老旧小区改造', 'Old estate renovation', C],
    ['greening', '园林绿化', 'Parks and greening'],
    ['construction-noise', '施工扰民', 'Construction disturbance'],
  ] },
  { slug: 'housing', name: '住房物业', nameEn: 'Housing and property management', deadlineClass: G, categories: [
    ['property-service', '物业服务', 'Property management service'],
    ['elevator', '电梯故障', 'Elevator breakdown', U],
    ['building-quality', '房屋质量', 'Building quality', C],
    ['title-certificate', '房产证办理', 'Property title certificates', C],
    ['maintenance-fund', '维修资金', 'Maintenance fund'],
    ['public-rental', '公租房', 'Public rental housing'],
    ['relocation', '征收安置', 'Expropriation and resettlement', C],
    ['owners-committee', '业主委员会', "Owners' committee"],
  ] },
  { slug: 'transport', name: '交通运输', nameEn: 'Transport', deadlineClass: G, categories: [
    ['bus-routes', '公交线路', 'Bus routes'],
    ['taxis', '出租车服务', 'Taxi service'],
    ['congestion', '道路拥堵', 'Traffic congestion'],
    ['signals', '交通信号灯', 'Traffic lights'],
    ['parking', '停车管理', 'Parking'],
    ['rural-buses', '农村客运', 'Rural passenger transport'],
    ['highway-maintenance', '公路养护', 'Highway maintenance'],
    ['ride-hailing', '网约车', 'Ride-hailing'],
  ] },
  { slug: 'education', name: '教育', nameEn: 'Education', deadlineClass: G, categories: [
    ['enrolment', '入学招生', 'School enrolment'],
    ['tutoring', '校外培训', 'Off-campus tutoring'],
    ['fees', '教育收费', 'School fees'],
    ['school-safety', '校园安全', 'School safety', U],
    ['teacher-conduct', '教师师德', 'Teacher conduct', C],
    ['preschool', '学前教育', 'Preschool places'],
    ['student-records', '学籍管理', 'Student records'],
  ] },
  { slug: 'health', name: '医疗卫生', nameEn: 'Health', deadlineClass: G, categories: [
    ['medical-service', '医疗服务', 'Medical services'],
    ['medical-dispute', '医患纠纷', 'Doctor–patient disputes', C],
    ['drug-prices', '药品价格', 'Drug prices'],
    ['epidemic-control', '疫情防控', 'Epidemic control', U],
    ['nucleic-testing', '核酸检测', 'Nucleic acid testing', U],
    ['vaccination', '疫苗接种', 'Vaccination'],
    ['sanitation-inspection', '卫生监督', 'Health inspection'],
  ] },
  { slug: 'social-security', name: '社会保障', nameEn: 'Social security', deadlineClass: G, categories: [
    ['pension', '养老保险', 'Pension insurance'],
    ['medical-insurance', '医疗保险', 'Medical insurance and reimbursement'],
    ['unemployment', '失业保险', 'Unemployment insurance'],
    ['minimum-living', '低保救助', 'Minimum living allowance'],
    ['disability', '残疾人服务', 'Services for disabled people'],
    ['elderly-care', '养老服务', 'Elderly care'],
    ['social-card', '社保卡', 'Social security card'],
  ] },
  { slug: 'labour', name: '劳动就业', nameEn: 'Labour and employment', deadlineClass: G, categories: [
    ['unpaid-wages', '拖欠工资', 'Unpaid wages'],
    ['migrant-wages', '农民工工资', "Migrant workers' wages"],
    ['contracts', '劳动合同', 'Employment contracts'],
    ['job-services', '就业服务', 'Job services'],
    ['training', '职业培训', 'Vocational training'],
    ['work-injury', '工伤认定', 'Work injury recognition', C],
  ] },
  { slug: 'market', name: '市场监管', nameEn: 'Market regulation', deadlineClass: G, categories: [
    ['food-safety', '食品安全', 'Food safety', U],
    ['price-fraud', '价格欺诈', 'Price fraud'],
    ['product-quality', '产品质量', 'Product quality'],
    ['consumer-disputes', '消费纠纷', 'Consumer disputes'],
    ['false-advertising', '虚假广告', 'False advertising'],
    ['special-equipment', '特种设备', 'Special equipment safety', U],
    ['business-licences', '证照办理', 'Business licences'],
  ] },
  { slug: 'environment', name: '生态环境', nameEn: 'Ecology and environment', deadlineClass: G, categories: [
    ['air', '大气污染', 'Air pollution'],
    ['water-pollution', '水污染', 'Water pollution'],
    ['noise', '噪声污染', 'Noise pollution'],
    ['solid-waste', '固体废物', 'Solid waste'],
    ['cooking-fumes', '餐饮油烟', 'Restaurant fumes'],
    ['straw-burning', '秸秆焚烧', 'Straw burning'],
    ['industrial-pollution', '企业排污', 'Industrial discharge', C],
  ] },
  { slug: 'public-security', name: '公安', nameEn: 'Public security', deadlineClass: G, categories: [
    ['household-registration', '户籍办理', 'Household registration'],
    ['id-cards', '身份证办理', 'Identity cards'],
    ['public-order', '治安问题', 'Public order'],
    ['traffic-violations', '交通违法处理', 'Traffic violations'],
    ['exit-entry', '出入境', 'Exit and entry'],
    ['telecom-fraud', '电信诈骗', 'Telecom fraud', U],
  ] },
  { slug: 'agriculture', name: '农业农村', nameEn: 'Agriculture and rural affairs', deadlineClass: G, categories: [
    ['farmland-water', '农田水利', 'Farmland irrigation and drainage', C],
    ['high-standard-farmland', '高标准农田建设', 'High-standard farmland construction', C],
    ['subsidies', '农业补贴', 'Farm subsidies'],
    ['land-contracts', '土地承包', 'Land contracts', C],
    ['rural-roads', '农村道路', 'Rural roads'],
    ['rural-drinking-water', '农村饮水', 'Rural drinking water', U],
    ['animal-epidemics', '动物防疫', 'Animal disease control'],
    ['farm-inputs', '农资质量', 'Quality of seeds, fertiliser and pesticides'],
  ] },
  { slug: 'city-management', name: '城市管理', nameEn: 'City management', deadlineClass: G, categories: [
    ['sanitation', '环境卫生', 'Street cleaning'],
    ['garbage-collection', '垃圾清运', 'Garbage collection'],
    ['street-vending', '占道经营', 'Street vending'],
    ['illegal-signs', '违规广告牌匾', 'Illegal signs'],
    ['stray-animals', '流浪动物', 'Stray animals'],
    ['public-toilets', '公厕管理', 'Public toilets'],
    ['snow-clearing', '清雪除冰', 'Snow and ice clearing', U],
  ] },
  { slug: 'government-services', name: '政务服务', nameEn: 'Government services and business environment', deadlineClass: G, categories: [
    ['business-environment', '营商环境', 'Business environment'],
    ['enterprise-requests', '企业诉求', 'Requests from enterprises'],
    ['policy-enquiries', '政策咨询', 'Policy enquiries'],
    ['service-attitude', '工作作风', 'Conduct of officials', C],
    ['approvals', '行政审批', 'Administrative approvals'],
    ['investment', '招商引资', 'Investment promotion', C],
  ] },
];

export interface CategorySeed {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string;
  deadlineClass: DeadlineClass;
  sortOrder: number;
}

/** The tree as rows: each domain followed by its categories; category ids are `domain.slug`. */
export const CATEGORY_ROWS: readonly CategorySeed[] = CATEGORY_DOMAINS.flatMap((domain, d) => [
  { id: domain.slug, parentId: null, name: domain.name, nameEn: domain.nameEn, deadlineClass: domain.deadlineClass, sortOrder: d * 100 },
  ...domain.categories.map(([slug, name, nameEn, deadlineClass], c) => ({
    id: `${domain.slug}.${slug}`,
    parentId: domain.slug,
    name,
    nameEn,
    deadlineClass: deadlineClass ?? domain.deadlineClass,
    sortOrder: d * 100 + c + 1,
  })),
]);

/** Leaf categories only (tickets are filed under these). */
export const LEAF_CATEGORIES = CATEGORY_ROWS.filter((c) => c.parentId !== null);
