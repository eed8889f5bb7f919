// Where the demo's construction waste comes from and goes: projects at real places of the
// nine central districts and disposal sites at the urban edge (WGS-84, approximate, placed by
// an offset in metres from the district's representative point in DEMO-CITY.md).

export interface DemoDistrictPoint {
  code: string;
  lat: number;
  lon: number;
}

export const districtPoints: Record<string, DemoDistrictPoint> = {
  '500103': { code: '500103', lat: 29.556, lon: 106.568 }, // 渝中区
  '500104': { code: '500104', lat: 29.484, lon: 106.482 }, // 大渡口区
  '500105': { code: '500105', lat: 29.575, lon: 106.532 }, // 江北区
  '500106': { code: '500106', lat: 29.541, lon: 106.457 }, // 沙坪坝区
  '500107': { code: '500107', lat: 29.505, lon: 106.512 }, // 九龙坡区
  '500108': { code: '500108', lat: 29.53, lon: 106.565 }, // 南岸区
  '500109': { code: '500109', lat: 29.825, lon: 106.437 }, // 北碚区
  '500112': { code: '500112', lat: 29.718, lon: 106.631 }, // 渝北区
  '500113': { code: '500113', lat: 29.4, lon: 106.53 }, // 巴南区
};

export interface DemoSiteSpec {
  district: string;
  name: string;
  developer: string;
  contractor: string;
  address: string;
  /** Metres east and north of the district's point. */
  east: number;
  north: number;
}

const 建工 = '重庆建工第三建设有限责任公司';
const 中建 = '中建八局西南公司';
const 中铁 = '中铁十一局集团有限公司';
const 城建 = '重庆城建控股（集团）有限责任公司';

export const demoSites: DemoSiteSpec[] = [
  {
    district: '500103',
    name: '化龙桥片区B12地块住宅项目',
    developer: '重庆瑞安天地房地产发展有限公司',
    contractor: 中建,
    address: '渝中区化龙桥街道红岩村',
    east: -2600,
    north: 900,
  },
  {
    district: '500103',
    name: '大坪正街棚户区改造工程',
    developer: '渝中区城市更新投资有限公司',
    contractor: 建工,
    address: '渝中区大坪街道大坪正街',
    east: -3600,
    north: -700,
  },
  {
    district: '500103',
    name: '菜园坝片区综合整治工程',
    developer: '重庆市城市更新发展集团',
    contractor: 城建,
    address: '渝中区菜园坝街道',
    east: -1200,
    north: -1400,
  },
  {
    district: '500104',
    name: '钓鱼嘴半岛安置房二期',
    developer: '重庆市大渡口区建设投资集团',
    contractor: 建工,
    address: '大渡口区跳磴镇钓鱼嘴',
    east: 1500,
    north: -3200,
  },
  {
    district: '500104',
    name: '轨道交通18号线跳磴站',
    developer: '重庆市轨道交通（集团）有限公司',
    contractor: 中铁,
    address: '大渡口区跳磴镇',
    east: -1800,
    north: -2400,
  },
  {
    district: '500105',
    name: '江北嘴金融城三期',
    developer: '重庆江北嘴投资集团有限公司',
    contractor: 中建,
    address: '江北区江北城街道',
    east: 3100,
    north: -1000,
  },
  {
    district: '500105',
    name: '观音桥商圈地下环道',
    developer: '江北区市政建设有限公司',
    contractor: 城建,
    address: '江北区观音桥街道建新北路',
    east: -200,
    north: 700,
  },
  {
    district: '500105',
    name: '寸滩国际新城安置房',
    developer: '重庆两江新区开发投资集团',
    contractor: 建工,
    address: '江北区寸滩街道',
    east: 6500,
    north: 2600,
  },
  {
    district: '500106',
    name: '西永综合保税区厂房扩建',
    developer: '重庆西永微电子产业园区开发有限公司',
    contractor: 中建,
    address: '沙坪坝区西永街道',
    east: -9000,
    north: -1500,
  },
  {
    district: '500106',
    name: '磁器口历史文化街区提升工程',
    developer: '沙坪坝区城市建设投资有限公司',
    contractor: 城建,
    address: '沙坪坝区磁器口街道',
    east: 1500,
    north: 3300,
  },
  {
    district: '500107',
    name: '杨家坪步行街改造工程',
    developer: '九龙坡区城市更新有限公司',
    contractor: 建工,
    address: '九龙坡区杨家坪街道',
    east: 1800,
    north: 1000,
  },
  {
    district: '500107',
    name: '华岩新城学校新建工程',
    developer: '九龙坡区教育委员会',
    contractor: 中建,
    address: '九龙坡区华岩镇',
    east: -3900,
    north: -1600,
  },
  {
    district: '500108',
    name: '茶园新区道路改造工程',
    developer: '重庆经开区建设投资有限公司',
    contractor: 城建,
    address: '南岸区迎龙镇茶园',
    east: 9200,
    north: -2100,
  },
  {
    district: '500108',
    name: '弹子石老街二期',
    developer: '重庆长嘉汇置业有限公司',
    contractor: 中建,
    address: '南岸区弹子石街道',
    east: 1900,
    north: 3000,
  },
  {
    district: '500108',
    name: '南坪东路综合管廊',
    developer: '南岸区市政设施管理局',
    contractor: 中铁,
    address: '南岸区南坪街道',
    east: 900,
    north: -200,
  },
  {
    district: '500109',
    name: '蔡家组团C区安置房',
    developer: '重庆两江新区蔡家开发有限公司',
    contractor: 建工,
    address: '北碚区蔡家岗街道',
    east: 5200,
    north: -7800,
  },
  {
    district: '500109',
    name: '水土高新园厂房工程',
    developer: '重庆两江新区水土高新技术产业园',
    contractor: 中建,
    address: '北碚区水土街道',
    east: 6500,
    north: 2300,
  },
  {
    district: '500112',
    name: '悦来国际会展城配套道路',
    developer: '重庆悦来投资集团有限公司',
    contractor: 城建,
    address: '渝北区悦来街道',
    east: -10800,
    north: -700,
  },
  {
    district: '500112',
    name: '空港新城保障房项目',
    developer: '重庆临空开发投资有限公司',
    contractor: 建工,
    address: '渝北区双凤桥街道',
    east: 1600,
    north: 3100,
  },
  {
    district: '500112',
    name: '礼嘉智慧公园二期',
    developer: '重庆两江新区礼嘉投资有限公司',
    contractor: 中建,
    address: '渝北区礼嘉街道',
    east: -8200,
    north: -5200,
  },
  {
    district: '500113',
    name: '李家沱片区旧城改造',
    developer: '巴南区城市建设发展集团',
    contractor: 城建,
    address: '巴南区李家沱街道',
    east: -800,
    north: 5600,
  },
  {
    district: '500113',
    name: '龙洲湾隧道东延伸段',
    developer: '重庆市巴南区交通建设有限公司',
    contractor: 中铁,
    address: '巴南区龙洲湾街道',
    east: 1500,
    north: 800,
  },
];

export interface DemoDisposalSpec {
  district: string;
  name: string;
  kind: 'landfill' | 'recycling';
  operatorName: string;
  address: string;
  capacityM3: number;
  dailyCapacityM3: number;
  east: number;
  north: number;
}

export const demoDisposalSites: DemoDisposalSpec[] = [
  {
    district: '500105',
    name: '江北区五宝建筑垃圾消纳场',
    kind: 'landfill',
    operatorName: '重庆市江北区环卫有限公司',
    address: '江北区五宝镇',
    east: 9500,
    north: -3500,
    capacityM3: 3_200_000,
    dailyCapacityM3: 8000,
  },
  {
    district: '500106',
    name: '沙坪坝区曾家建筑垃圾消纳场',
    kind: 'landfill',
    operatorName: '重庆沙坪坝区城市管理服务中心',
    address: '沙坪坝区曾家镇',
    east: -11000,
    north: 2500,
    capacityM3: 2_600_000,
    dailyCapacityM3: 6000,
  },
  {
    district: '500113',
    name: '巴南区界石建筑垃圾消纳场',
    kind: 'landfill',
    operatorName: '重庆巴南区环境卫生管理所',
    address: '巴南区界石镇',
    east: 5500,
    north: -3000,
    capacityM3: 2_800_000,
    dailyCapacityM3: 7000,
  },
  {
    district: '500112',
    name: '渝北区洛碛建筑垃圾消纳场',
    kind: 'landfill',
    operatorName: '重庆渝北区城市管理服务中心',
    address: '渝北区石船镇',
    east: 9000,
    north: 3500,
    capacityM3: 4_000_000,
    dailyCapacityM3: 9000,
  },
  {
    district: '500107',
    name: '九龙坡区建筑垃圾资源化利用厂',
    kind: 'recycling',
    operatorName: '重庆九龙再生资源利用有限公司',
    address: '九龙坡区白市驿镇',
    east: -8500,
    north: -3500,
    capacityM3: 900_000,
    dailyCapacityM3: 3000,
  },
  {
    district: '500108',
    name: '南岸区迎龙建筑垃圾资源化利用厂',
    kind: 'recycling',
    operatorName: '重庆南岸环保再生材料有限公司',
    address: '南岸区迎龙镇',
    east: 11500,
    north: -4500,
    capacityM3: 800_000,
    dailyCapacityM3: 2500,
  },
  {
    district: '500109',
    name: '北碚区建筑垃圾资源化利用厂',
    kind: 'recycling',
    operatorName: '重庆北碚绿建再生资源有限公司',
    address: '北碚区歇马街道',
    east: -5500,
    north: -3500,
    capacityM3: 600_000,
    dailyCapacityM3: 2000,
  },
  {
    district: '500104',
    name: '大渡口区建桥建筑垃圾资源化利用厂',
    kind: 'recycling',
    operatorName: '重庆建桥再生建材有限公司',
    address: '大渡口区建桥工业园',
    east: -2500,
    north: -6000,
    capacityM3: 700_000,
    dailyCapacityM3: 2200,
  },
];

export interface DemoCompanySpec {
  district: string;
  name: string;
  contactName: string;
  contactPhone: string;
  licenceNo: string;
}

export const demoCompanies: DemoCompanySpec[] = [
  {
    district: '500103',
    name: '重庆渝运渣土运输有限公司',
    contactName: '刘建华',
    contactPhone: '023-63851200',
    licenceNo: '渝交运管许可渝字500103000121号',
  },
  {
    district: '500105',
    name: '重庆两江城建运输有限公司',
    contactName: '陈志强',
    contactPhone: '023-67752318',
    licenceNo: '渝交运管许可渝字500105000346号',
  },
  {
    district: '500106',
    name: '重庆沙磁环卫运输有限公司',
    contactName: '王德明',
    contactPhone: '023-65311876',
    licenceNo: '渝交运管许可渝字500106000208号',
  },
  {
    district: '500108',
    name: '重庆南山密闭运输有限公司',
    contactName: '张永红',
    contactPhone: '023-62908841',
    licenceNo: '渝交运管许可渝字500108000117号',
  },
  {
    district: '500112',
    name: '重庆空港渣土清运有限公司',
    contactName: '李国平',
    contactPhone: '023-67821155',
    licenceNo: '渝交运管许可渝字500112000409号',
  },
];

const METRES_PER_DEGREE_LAT = 111_195;

/** The point `east` and `north` metres from a district's point. */
export function pointFrom(district: string, east: number, north: number) {
  const origin = districtPoints[district]!;
  const lat = origin.lat + north / METRES_PER_DEGREE_LAT;
  const lon = origin.lon + east / (METRES_PER_DEGREE_LAT * Math.cos((origin.lat * Math.PI) / 180));
  return { lat, lon };
}

/** A closed fence ring around a point: an irregular hexagon of about `radius` metres. */
export function fenceAround(lat: number, lon: number, radius: number, wobble: readonly number[]) {
  const ring: [number, number][] = [];
  for (let i = 0; i < 6; i++) {
    const angle = (i * Math.PI) / 3 + 0.3;
    const r = radius * (0.75 + 0.5 * (wobble[i % wobble.length] ?? 0.5));
    const dy = (r * Math.sin(angle)) / METRES_PER_DEGREE_LAT;
    const dx = (r * Math.cos(angle)) / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
    ring.push([Math.round((lon + dx) * 1e6) / 1e6, Math.round((lat + dy) * 1e6) / 1e6]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon' as const, coordinates: [ring] };
}
