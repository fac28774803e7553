import type { Satisfaction, SeededRandom as Random } from '@civicgraph/platform';

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '186', '187', '188', '189', '199'];

/** An invented mobile number. */
export const phoneNumber = (rnd: Random) => `${rnd.pick(MOBILE_PREFIXES)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '红', '婷'];

/** How callers often give their name: a surname and an honorific. */
export const callerName = (rnd: Random) => (rnd.chance(0.6) ? `${rnd.pick(SURNAMES)}${rnd.pick(['先生', '女士'])}` : null);
export const agentName = (rnd: Random) => `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`;

const ESTATES = ['幸福家园', '阳光小区', '锦绣花园', '盛世华庭', '和平里', '新华小区', '春城名苑', '惠民小区', '长青社区', '南湖新村', '翰林府', '龙湖郦城'];
const VILLAGES = ['东风村', '前进村', '新立村', '永安村', '红旗村', '太平村', '双龙村', '兴隆村'];
const RURAL_DOMAINS = new Set(['agriculture']);

/** Where the trouble is, in words: a housing estate in town, a village for farm matters. */
export const placeOf = (rnd: Random, domainId: string) => (RURAL_DOMAINS.has(domainId) ? rnd.pick(VILLAGES) : rnd.pick(ESTATES));

const DETAILS: Record<string, readonly string[]> = {
  water: ['已经停水一天多，没有接到任何通知', '自来水发黄有异味', '高层住户水压低，家里几乎没水'],
  power: ['整栋楼停电数小时', '电压忽高忽低，家电烧坏', '小区电线杆倾斜，存在安全隐患'],
  gas: ['燃气突然停供，无法做饭', '楼道里有燃气味，担心泄漏', '燃气表计量异常'],
  heating: ['室温只有十四五度', '暖气时断时续，进水温度只有二三十度', '暖气片漏水，楼下被淹'],
  'urban-construction': ['路面坑洼不平，雨天积水', '路灯已经坏了一个多月', '井盖丢失，夜间行人容易掉进去'],
  housing: ['物业公司不作为，垃圾无人清运', '电梯频繁故障，物业推诿', '房屋墙体开裂渗水'],
  transport: ['公交线路调整后出行不便', '路口红绿灯时间过短，老人过马路困难', '小区周边乱停车严重'],
  education: ['孩子入学报名遇到困难', '学校周边缺少安全设施', '希望增加普惠性幼儿园学位'],
  health: ['看病排队时间过长', '医保报销手续繁琐', '核酸检测点排队太久'],
  'social-security': ['养老金待遇核定有疑问', '低保申请迟迟没有结果', '社保卡补办进度慢'],
  labour: ['工程完工后工资一直被拖欠', '公司不签劳动合同', '工伤认定材料提交后没有回音'],
  market: ['购买的商品存在质量问题，商家拒绝退换', '饭店卫生条件差', '商家明码标价与实际收费不符'],
  environment: ['夜间施工噪音扰民', '附近企业排放异味', '餐饮油烟直排居民楼'],
  'public-security': ['户口迁移手续办理遇到困难', '小区周边治安不好', '接到诈骗电话，损失钱款'],
  agriculture: ['雨后农田积水排不出去', '农业补贴没有按时发放', '村里道路破损，农机无法通行'],
  'city-management': ['垃圾清运不及时，气味难闻', '门前占道经营，影响通行', '人行道积雪无人清理'],
  'government-services': ['办事窗口推诿，跑了多次没办成', '企业项目审批进度慢', '咨询惠企政策如何申报'],
};

export function complaint(rnd: Random, domainId: string, place: string, categoryName: string) {
  const detail = rnd.pick(DETAILS[domainId] ?? ['情况一直没有改善']);
  return {
    title: `${place}${categoryName}问题`,
    content: `来电人反映：${place}${categoryName}问题，${detail}，希望有关部门尽快核实处理。`,
  };
}

export const REPLIES = [
  '经现场核实，已安排专人处理，问题已整改完毕，并已电话告知来电人。',
  '经调查核实，已协调相关单位现场处置，问题已解决。',
  '已责成责任单位限期整改，现已整改到位，来电人表示认可。',
  '经核实情况属实，已按规定办理完毕，并向来电人做好解释说明。',
];
export const ANSWERS = ['已向来电人解释相关政策及办理流程', '已告知来电人办理地点、所需材料和时限', '已当场查询并告知办理进度'];
export const PRAISE = ['效率高', '圆满解决', '感谢', '暖心', '效率高，感谢', '圆满解决，感谢', '回复及时'];
export const COMPLAINTS = ['问题没有解决', '回复敷衍，不满意', '只答复没落实'];
export const SATISFIED_LEVELS: readonly (readonly [Satisfaction, number])[] = [
  ['VERY_SATISFIED', 45],
  ['SATISFIED', 40],
  ['BASICALLY_SATISFIED', 15],
];
export const DISSATISFIED_LEVELS: readonly (readonly [Satisfaction, number])[] = [
  ['DISSATISFIED', 80],
  ['VERY_DISSATISFIED', 20],
];
