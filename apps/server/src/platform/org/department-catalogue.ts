// The municipal departments of the demo city and their district counterparts. A demo list in
// the shape of Chongqing's real one (DEMO-CITY.md). Codes: CQ-<abbr> for municipal
// departments; a district counterpart is <district code>-<abbr>, e.g. 500103-CGJ.

export type DepartmentKind =
  | 'government' // 政府组成部门、直属机构
  | 'vertical' // 垂直管理 (tax, customs, fire and rescue ...)
  | 'institution' // 事业单位 (centres)
  | 'mass_org' // 群团组织
  | 'utility'; // 公用事业企业

export interface CityDepartment {
  abbr: string;
  shortName: string;
  name: string;
  kind: DepartmentKind;
}

const gov = (abbr: string, shortName: string, name: string): CityDepartment => ({
  abbr,
  shortName,
  name,
  kind: 'government',
});
const of =
  (kind: DepartmentKind) =>
  (abbr: string, shortName: string, name: string): CityDepartment => ({
    abbr,
    shortName,
    name,
    kind,
  });
const vertical = of('vertical');
const institution = of('institution');
const massOrg = of('mass_org');
const utility = of('utility');

export const cityDepartments: readonly CityDepartment[] = [
  gov('ZFB', '市政府办公厅', '重庆市人民政府办公厅'),
  gov('ZWB', '市政府政务服务办', '重庆市人民政府政务服务管理办公室'),
  gov('FGW', '市发展改革委', '重庆市发展和改革委员会'),
  gov('JW', '市教委', '重庆市教育委员会'),
  gov('KJJ', '市科技局', '重庆市科学技术局'),
  gov('JXW', '市经济信息委', '重庆市经济和信息化委员会'),
  gov('MZW', '市民族宗教委', '重庆市民族宗教事务委员会'),
  gov('GAJ', '市公安局', '重庆市公安局'),
  gov('MZJ', '市民政局', '重庆市民政局'),
  gov('SFJ', '市司法局', '重庆市司法局'),
  gov('CZJ', '市财政局', '重庆市财政局'),
  gov('RSJ', '市人力社保局', '重庆市人力资源和社会保障局'),
  gov('GHZRZYJ', '市规划自然资源局', '重庆市规划和自然资源局'),
  gov('STHJJ', '市生态环境局', '重庆市生态环境局'),
  gov('ZJW', '市住房城乡建委', '重庆市住房和城乡建设委员会'),
  gov('CGJ', '市城市管理局', '重庆市城市管理局'),
  gov('JTW', '市交通运输委', '重庆市交通运输委员会'),
  gov('SLJ', '市水利局', '重庆市水利局'),
  gov('NYNCW', '市农业农村委', '重庆市农业农村委员会'),
  gov('SWW', '市商务委', '重庆市商务委员会'),
  gov('WLW', '市文化旅游委', '重庆市文化和旅游发展委员会'),
  gov('WJW', '市卫生健康委', '重庆市卫生健康委员会'),
  gov('TYJRJ', '市退役军人事务局', '重庆市退役军人事务局'),
  gov('YJJ', '市应急管理局', '重庆市应急管理局'),
  gov('SJJ', '市审计局', '重庆市审计局'),
  gov('WB', '市政府外办', '重庆市人民政府外事办公室'),
  gov('GZW', '市国资委', '重庆市国有资产监督管理委员会'),
  gov('SCJGJ', '市市场监管局', '重庆市市场监督管理局'),
  gov('TYJ', '市体育局', '重庆市体育局'),
  gov('TJJ', '市统计局', '重庆市统计局'),
  gov('YBJ', '市医保局', '重庆市医疗保障局'),
  gov('LYJ', '市林业局', '重庆市林业局'),
  gov('YPJGJ', '市药监局', '重庆市药品监督管理局'),
  gov('ZSCQJ', '市知识产权局', '重庆市知识产权局'),
  gov('DSJ', '市大数据发展局', '重庆市大数据应用发展管理局'),
  gov('JGSWJ', '市机关事务局', '重庆市机关事务管理局'),
  gov('XFB', '市信访办', '重庆市信访办公室'),
  gov('XCZXJ', '市乡村振兴局', '重庆市乡村振兴局'),
  gov('LSJ', '市粮食和物资储备局', '重庆市粮食和物资储备局'),
  institution('GJJ', '市住房公积金管理中心', '重庆市住房公积金管理中心'),
  gov('GGZYJ', '市公共资源交易监管局', '重庆市公共资源交易监督管理局'),
  gov('KAB', '市政府口岸物流办', '重庆市人民政府口岸和物流办公室'),
  gov('RFB', '市人防办', '重庆市人民防空办公室'),
  gov('DAJ', '市档案局', '重庆市档案局'),
  gov('JRJ', '市地方金融管理局', '重庆市地方金融管理局'),
  vertical('SWJ', '市税务局', '国家税务总局重庆市税务局'),
  vertical('HG', '重庆海关', '中华人民共和国重庆海关'),
  vertical('XFZD', '市消防救援总队', '重庆市消防救援总队'),
  vertical('QXJ', '市气象局', '重庆市气象局'),
  vertical('TXGLJ', '市通信管理局', '重庆市通信管理局'),
  vertical('YZGLJ', '市邮政管理局', '重庆市邮政管理局'),
  vertical('YCJ', '市烟草专卖局', '重庆市烟草专卖局'),
  massOrg('CL', '市残联', '重庆市残疾人联合会'),
  massOrg('ZGH', '市总工会', '重庆市总工会'),
  massOrg('TSW', '团市委', '共青团重庆市委员会'),
  massOrg('FL', '市妇联', '重庆市妇女联合会'),
  massOrg('KX', '市科协', '重庆市科学技术协会'),
  massOrg('HSZH', '市红十字会', '重庆市红十字会'),
  vertical('RMYH', '人民银行重庆市分行', '中国人民银行重庆市分行'),
  utility('DL', '国网重庆电力', '国网重庆市电力公司'),
  utility('SWJT', '重庆水务集团', '重庆水务集团股份有限公司'),
  utility('RQJT', '重庆燃气集团', '重庆燃气集团股份有限公司'),
  institution('BDC', '市不动产登记中心', '重庆市不动产登记中心'),
  gov('CRJ', '市出入境管理局', '重庆市公安局出入境管理局'),
  gov('JXJ', '市交巡警总队', '重庆市公安局交通巡逻警察总队'),
  institution('SBJ', '市社保局', '重庆市社会保险局'),
];

/** How a district names its counterpart: `d` is the district's full name, `u` 区 or 县. */
export interface DistrictCounterpart {
  abbr: string;
  shortName: (u: string) => string;
  name: (d: string, u: string) => string;
}

const local = (abbr: string, suffix: string, fullSuffix = suffix): DistrictCounterpart => ({
  abbr,
  shortName: (u) => `${u}${suffix}`,
  name: (d) => `${d}${fullSuffix}`,
});

export const districtCounterparts: readonly DistrictCounterpart[] = [
  local('ZFB', '政府办公室', '人民政府办公室'),
  local('ZWB', '政务服务管理办公室'),
  local('FGW', '发展改革委', '发展和改革委员会'),
  local('JW', '教委', '教育委员会'),
  {
    abbr: 'GAJ',
    shortName: (u) => (u === '区' ? '区公安分局' : '县公安局'),
    name: (d, u) => (u === '区' ? `重庆市公安局${d}分局` : `${d}公安局`),
  },
  local('MZJ', '民政局'),
  local('SFJ', '司法局'),
  local('CZJ', '财政局'),
  local('RSJ', '人力社保局', '人力资源和社会保障局'),
  {
    abbr: 'GHZRZYJ',
    shortName: (u) => (u === '区' ? '区规划自然资源分局' : '县规划自然资源局'),
    name: (d, u) => (u === '区' ? `重庆市规划和自然资源局${d}分局` : `${d}规划和自然资源局`),
  },
  local('STHJJ', '生态环境局'),
  local('ZJW', '住房城乡建委', '住房和城乡建设委员会'),
  local('CGJ', '城市管理局'),
  local('JTW', '交通局', '交通运输委员会'),
  local('SLJ', '水利局'),
  local('NYNCW', '农业农村委', '农业农村委员会'),
  local('SWW', '商务委', '商务委员会'),
  local('WLW', '文化旅游委', '文化和旅游发展委员会'),
  local('WJW', '卫生健康委', '卫生健康委员会'),
  local('TYJRJ', '退役军人事务局'),
  local('YJJ', '应急管理局'),
  local('SCJGJ', '市场监管局', '市场监督管理局'),
  local('TJJ', '统计局'),
  local('YBJ', '医保局', '医疗保障局'),
  local('LYJ', '林业局'),
  local('DSJ', '大数据发展局', '大数据应用发展管理局'),
  local('XFB', '信访办', '信访办公室'),
  {
    abbr: 'SWJ',
    shortName: (u) => `${u}税务局`,
    name: (d) => `国家税务总局重庆市${d}税务局`,
  },
  local('CL', '残联', '残疾人联合会'),
  local('SBJ', '社保局', '社会保险事务中心'),
  local('BDC', '不动产登记中心'),
  local('JXJ', '交巡警支队', '交巡警支队'),
  local('XFZD', '消防救援支队'),
  {
    abbr: 'GJJ',
    shortName: () => '公积金分中心',
    name: (d) => `重庆市住房公积金管理中心${d}分中心`,
  },
];

export const cityDepartmentCode = (abbr: string) => `CQ-${abbr}`;
export const districtDepartmentCode = (districtCode: string, abbr: string) =>
  `${districtCode}-${abbr}`;
