// The demo classification of city components (部件) and events (事件), in the shape of
// GB/T 30428.2 (majors and minors; the codes are ours). Each minor names its responsible body,
// its case kind, urgency levels with per-step limits and its 12319 hotline limit. Seeded once;
// admins edit it afterwards (PUT /api/admin/cases/categories/:code), so this is a default.
import type { CaseKind, CategoryLimits, HotlineKind, StepLimits } from '@citygov/contracts';
import { buildCategoryCode } from './codes.ts';

export interface CatalogueMajor {
  kind: 'component' | 'event';
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CatalogueEntry {
  code: string;
  kind: 'component' | 'event';
  majorCode: string;
  minorCode: string;
  nameZh: string;
  nameEn: string;
  departmentKey: string;
  caseKind: CaseKind;
  limits: CategoryLimits;
  isAnonymousAllowed: boolean;
  isRestricted: boolean;
}

export const catalogueMajors: readonly CatalogueMajor[] = [
  { kind: 'component', code: '01', nameZh: '公用设施', nameEn: 'Public utilities' },
  { kind: 'component', code: '02', nameZh: '道路交通设施', nameEn: 'Road and traffic facilities' },
  { kind: 'component', code: '03', nameZh: '市容环境设施', nameEn: 'City appearance facilities' },
  { kind: 'component', code: '04', nameZh: '园林绿化设施', nameEn: 'Greening facilities' },
  { kind: 'component', code: '05', nameZh: '其他设施', nameEn: 'Other facilities' },
  { kind: 'event', code: '01', nameZh: '市容环境', nameEn: 'City appearance' },
  { kind: 'event', code: '02', nameZh: '宣传广告', nameEn: 'Publicity and advertising' },
  { kind: 'event', code: '03', nameZh: '施工管理', nameEn: 'Construction management' },
  { kind: 'event', code: '04', nameZh: '突发事件', nameEn: 'Emergencies' },
  { kind: 'event', code: '05', nameZh: '街面秩序', nameEn: 'Street order' },
];

const hours = (amount: number) => ({ amount, unit: 'hours' as const });
const workhours = (amount: number) => ({ amount, unit: 'workhours' as const });
const workdays = (amount: number) => ({ amount, unit: 'workdays' as const });
const steps = (
  dispatch: StepLimits['dispatch'],
  handle: StepLimits['handle'],
  verify: StepLimits['verify'],
): StepLimits => ({ dispatch, handle, verify });

// Hotline limits seen in practice (DOMAIN.md): emergencies the same day, enquiries and help
// 3 working days, complaints and suggestions 13 working days.
const hotlineLimit: Record<HotlineKind, StepLimits['handle']> = {
  emergency: hours(24),
  enquiry: workdays(3),
  help: workdays(3),
  complaint: workdays(13),
  suggestion: workdays(13),
};

type Preset = 'emergency' | 'quick' | 'repair' | 'standard' | 'coordinated';

/** Urgency levels and step limits by the kind of work a class usually needs. */
const presets: Record<Preset, { caseKind: CaseKind; limits: Omit<CategoryLimits, 'hotline'> }> = {
  // Danger to people: only 紧急, the clock never stops for nights or weekends.
  emergency: {
    caseKind: 'immediate',
    limits: {
      defaultUrgency: 'urgent',
      urgencies: { urgent: steps(hours(1), hours(4), hours(2)) },
    },
  },
  // Cleaning and removal: 即办件, done the same working day.
  quick: {
    caseKind: 'immediate',
    limits: {
      defaultUrgency: 'normal',
      urgencies: {
        urgent: steps(hours(1), hours(2), hours(2)),
        normal: steps(workhours(1), workhours(4), workhours(4)),
      },
    },
  },
  // A damaged facility: repaired within days, faster when it endangers anyone.
  repair: {
    caseKind: 'promised',
    limits: {
      defaultUrgency: 'normal',
      urgencies: {
        urgent: steps(hours(1), hours(8), hours(4)),
        pressing: steps(workhours(2), workdays(1), workhours(4)),
        normal: steps(workhours(4), workdays(3), workdays(1)),
      },
    },
  },
  standard: {
    caseKind: 'promised',
    limits: {
      defaultUrgency: 'normal',
      urgencies: {
        pressing: steps(workhours(2), workdays(1), workhours(4)),
        normal: steps(workhours(4), workdays(2), workdays(1)),
      },
    },
  },
  // Several bodies or a legal procedure (demolition, permits): 协调件.
  coordinated: {
    caseKind: 'coordinated',
    limits: {
      defaultUrgency: 'normal',
      urgencies: {
        pressing: steps(workhours(4), workdays(5), workdays(1)),
        normal: steps(workdays(1), workdays(10), workdays(2)),
      },
    },
  },
};

interface Row {
  minor: string;
  zh: string;
  en: string;
  dept: string;
  preset: Preset;
  hotline: HotlineKind;
  /** Reports must name the reporter (enforcement against a named party, private premises). */
  isNamed?: boolean;
  isRestricted?: boolean;
}

const r = (
  minor: string,
  zh: string,
  en: string,
  dept: string,
  preset: Preset,
  hotline: HotlineKind,
  flags: { isNamed?: boolean; isRestricted?: boolean } = {},
): Row => ({ minor, zh, en, dept, preset, hotline, ...flags });

const components: Record<string, Row[]> = {
  '01': [
    r('01', '上水井盖', 'Water supply manhole cover', 'water', 'repair', 'help'),
    r('02', '污水井盖', 'Sewer manhole cover', 'water', 'repair', 'help'),
    r('03', '雨水井盖', 'Storm drain manhole cover', 'urban_management', 'repair', 'help'),
    r('04', '雨水箅子', 'Gully grating', 'urban_management', 'repair', 'help'),
    r('05', '电力井盖', 'Power manhole cover', 'power', 'repair', 'help'),
    r('06', '通信井盖', 'Telecom manhole cover', 'telecom', 'repair', 'help'),
    r('07', '燃气井盖', 'Gas manhole cover', 'gas', 'repair', 'help'),
    r('08', '消防栓', 'Fire hydrant', 'fire', 'repair', 'help'),
    r('09', '路灯', 'Street light', 'urban_management', 'repair', 'help'),
    r('10', '景观灯', 'Decorative light', 'urban_management', 'standard', 'help'),
    r('11', '变压器', 'Transformer', 'power', 'repair', 'help'),
    r('12', '配电箱', 'Power distribution cabinet', 'power', 'repair', 'help'),
    r('13', '通信交接箱', 'Telecom cross-connect cabinet', 'telecom', 'repair', 'help'),
    r('14', '燃气调压箱', 'Gas pressure regulator box', 'gas', 'repair', 'help'),
    r('15', '公交候车亭', 'Bus shelter', 'transport', 'repair', 'help'),
    r('16', '邮筒', 'Post box', 'postal', 'standard', 'help'),
  ],
  '02': [
    r('01', '交通标志牌', 'Traffic sign', 'traffic_police', 'repair', 'help'),
    r('02', '交通信号灯', 'Traffic signal', 'traffic_police', 'repair', 'help'),
    r('03', '道路护栏', 'Road guardrail', 'urban_management', 'repair', 'help'),
    r('04', '隔离墩', 'Traffic bollard', 'traffic_police', 'repair', 'help'),
    r('05', '停车设施', 'Parking facility', 'urban_management', 'standard', 'help'),
    r('06', '人行天桥', 'Pedestrian overpass', 'urban_management', 'repair', 'help'),
    r('07', '地下通道', 'Pedestrian underpass', 'urban_management', 'repair', 'help'),
    r('08', '路名牌', 'Street name sign', 'civil_affairs', 'standard', 'help'),
    r('09', '减速带', 'Speed bump', 'traffic_police', 'repair', 'help'),
    r('10', '公交站牌', 'Bus stop sign', 'transport', 'repair', 'help'),
    r('11', '电子警察', 'Traffic enforcement camera', 'traffic_police', 'repair', 'help', {
      isRestricted: true,
    }),
    r('12', '非机动车停放架', 'Bicycle rack', 'urban_management', 'standard', 'help'),
    r('13', '盲道', 'Tactile paving', 'urban_management', 'repair', 'help'),
  ],
  '03': [
    r('01', '公共厕所', 'Public toilet', 'urban_management', 'repair', 'help'),
    r('02', '垃圾箱', 'Litter bin', 'urban_management', 'quick', 'help'),
    r('03', '垃圾中转站', 'Refuse transfer station', 'urban_management', 'repair', 'help'),
    r('04', '户外广告牌', 'Billboard', 'urban_management', 'repair', 'help'),
    r('05', '宣传栏', 'Notice board', 'urban_management', 'standard', 'help'),
    r('06', '公共座椅', 'Public bench', 'urban_management', 'standard', 'help'),
    r('07', '报刊亭', 'News kiosk', 'urban_management', 'standard', 'help'),
    r('08', '垃圾分类收集点', 'Waste sorting point', 'urban_management', 'quick', 'help'),
    r('09', '公用电话亭', 'Public phone booth', 'telecom', 'standard', 'help'),
    r('10', '环卫工具房', 'Sanitation tool house', 'urban_management', 'standard', 'help'),
  ],
  '04': [
    r('01', '古树名木', 'Heritage tree', 'greening', 'repair', 'help'),
    r('02', '行道树', 'Street tree', 'greening', 'repair', 'help'),
    r('03', '绿地', 'Green space', 'greening', 'standard', 'help'),
    r('04', '花坛花箱', 'Flower bed', 'greening', 'standard', 'help'),
    r('05', '雕塑', 'Sculpture', 'urban_management', 'standard', 'help'),
    r('06', '绿化护栏', 'Green-belt fence', 'greening', 'standard', 'help'),
    r('07', '树池', 'Tree pit', 'greening', 'standard', 'help'),
    r('08', '健身设施', 'Outdoor fitness equipment', 'sports', 'repair', 'help'),
  ],
  '05': [
    r('01', '桥梁', 'Bridge', 'urban_management', 'repair', 'help'),
    r('02', '隧道', 'Tunnel', 'urban_management', 'repair', 'help'),
    r('03', '化粪池', 'Septic tank', 'urban_management', 'repair', 'help'),
    r('04', '监控设施', 'Surveillance camera', 'public_security', 'repair', 'help', {
      isRestricted: true,
    }),
    r('05', '人防工程', 'Civil air-defence shelter', 'civil_defence', 'standard', 'help'),
    r('06', '防汛设施', 'Flood-control facility', 'water_resources', 'repair', 'help'),
    r('07', '挡土墙', 'Retaining wall', 'urban_management', 'repair', 'help'),
    r('08', '充电桩', 'EV charging post', 'power', 'standard', 'help'),
  ],
};

const events: Record<string, Row[]> = {
  '01': [
    r('01', '暴露垃圾', 'Exposed rubbish', 'urban_management', 'quick', 'complaint'),
    r(
      '02',
      '积存垃圾渣土',
      'Accumulated rubbish and spoil',
      'urban_management',
      'quick',
      'complaint',
    ),
    r('03', '道路不洁', 'Dirty road', 'urban_management', 'quick', 'complaint'),
    r('04', '水域不洁', 'Dirty water surface', 'urban_management', 'standard', 'complaint'),
    r('05', '乱涂乱画', 'Graffiti', 'urban_management', 'standard', 'complaint'),
    r('06', '非法小广告', 'Illegal flyers and stickers', 'urban_management', 'quick', 'complaint'),
    r('07', '绿地脏乱', 'Untidy green space', 'greening', 'quick', 'complaint'),
    r(
      '08',
      '违规张贴悬挂',
      'Unauthorised posting or hanging',
      'urban_management',
      'standard',
      'complaint',
    ),
    r('09', '焚烧垃圾树叶', 'Burning rubbish or leaves', 'environment', 'quick', 'complaint'),
    r('10', '动物尸体', 'Animal carcass', 'urban_management', 'quick', 'complaint'),
    r('11', '私搭乱建', 'Illegal structure', 'urban_management', 'coordinated', 'complaint', {
      isNamed: true,
    }),
    r(
      '12',
      '乱堆物堆料',
      'Materials piled in public space',
      'urban_management',
      'standard',
      'complaint',
    ),
  ],
  '02': [
    r(
      '01',
      '违规户外广告',
      'Unauthorised outdoor advertising',
      'urban_management',
      'coordinated',
      'complaint',
    ),
    r(
      '02',
      '占道广告牌',
      'Advertising board on the road',
      'urban_management',
      'standard',
      'complaint',
    ),
    r('03', '广告招牌破损', 'Damaged shop sign', 'urban_management', 'repair', 'complaint'),
    r('04', '横幅标语违规', 'Unauthorised banner', 'urban_management', 'quick', 'complaint'),
    r(
      '05',
      '违规电子显示屏',
      'Unauthorised LED screen',
      'urban_management',
      'coordinated',
      'complaint',
    ),
    r(
      '06',
      '流动广告车',
      'Mobile advertising vehicle',
      'urban_management',
      'standard',
      'complaint',
    ),
  ],
  '03': [
    r('01', '施工扰民', 'Construction noise at night', 'environment', 'standard', 'complaint'),
    r('02', '工地扬尘', 'Construction site dust', 'construction', 'standard', 'complaint'),
    r('03', '道路遗撒', 'Spillage on the road', 'urban_management', 'quick', 'complaint'),
    r(
      '04',
      '无证掘路',
      'Unpermitted road excavation',
      'urban_management',
      'coordinated',
      'complaint',
    ),
    r(
      '05',
      '施工占道',
      'Construction occupying the road',
      'urban_management',
      'standard',
      'complaint',
    ),
    r('06', '施工围挡破损', 'Damaged site hoarding', 'construction', 'repair', 'complaint'),
    r('07', '渣土车违规运输', 'Muck truck violation', 'urban_management', 'standard', 'complaint'),
    r('08', '工地污水外排', 'Site wastewater discharge', 'environment', 'standard', 'complaint'),
  ],
  '04': [
    r('01', '路面塌陷', 'Road collapse', 'urban_management', 'emergency', 'emergency'),
    r('02', '自来水管破裂', 'Burst water main', 'water', 'emergency', 'emergency'),
    r('03', '燃气泄漏', 'Gas leak', 'gas', 'emergency', 'emergency'),
    r('04', '下水道堵塞', 'Blocked sewer', 'urban_management', 'repair', 'emergency'),
    r('05', '井盖缺失', 'Missing manhole cover', 'urban_management', 'emergency', 'emergency'),
    r('06', '积水内涝', 'Waterlogging', 'urban_management', 'emergency', 'emergency'),
    r('07', '架空线缆脱落', 'Fallen overhead cable', 'power', 'emergency', 'emergency'),
    r('08', '树木倒伏', 'Fallen tree', 'greening', 'emergency', 'emergency'),
    r('09', '危岩崩塌', 'Rockfall or landslide', 'planning', 'emergency', 'emergency'),
    r('10', '火灾隐患', 'Fire hazard', 'fire', 'emergency', 'emergency'),
    r('11', '交通设施损毁', 'Wrecked traffic facility', 'traffic_police', 'emergency', 'emergency'),
  ],
  '05': [
    r('01', '无照经营游商', 'Unlicensed street vendor', 'urban_management', 'quick', 'complaint'),
    r(
      '02',
      '店外经营',
      'Business spilling outside the shop',
      'urban_management',
      'quick',
      'complaint',
    ),
    r('03', '机动车乱停放', 'Illegally parked car', 'traffic_police', 'quick', 'complaint'),
    r(
      '04',
      '非机动车乱停放',
      'Illegally parked bicycles',
      'urban_management',
      'quick',
      'complaint',
    ),
    r('05', '露天烧烤', 'Open-air barbecue', 'urban_management', 'quick', 'complaint'),
    r('06', '噪音扰民', 'Noise nuisance', 'environment', 'standard', 'complaint'),
    r('07', '占道经营', 'Trading on the road', 'urban_management', 'quick', 'complaint'),
    r('08', '违规洗车', 'Roadside car washing', 'urban_management', 'quick', 'complaint'),
    r('09', '黑车揽客', 'Unlicensed taxi touting', 'transport', 'standard', 'complaint'),
    r('10', '共享单车堆积', 'Piled-up shared bicycles', 'transport', 'quick', 'complaint'),
    r('11', '沿街晾晒', 'Laundry hung over the street', 'urban_management', 'quick', 'suggestion'),
    r('12', '流浪乞讨', 'Street begging', 'civil_affairs', 'standard', 'help'),
  ],
};

function toEntries(kind: 'component' | 'event', rows: Record<string, Row[]>): CatalogueEntry[] {
  return Object.entries(rows).flatMap(([majorCode, minors]) =>
    minors.map((row) => ({
      code: buildCategoryCode(kind, majorCode, row.minor),
      kind,
      majorCode,
      minorCode: row.minor,
      nameZh: row.zh,
      nameEn: row.en,
      departmentKey: row.dept,
      caseKind: presets[row.preset].caseKind,
      limits: {
        ...presets[row.preset].limits,
        hotline: { kind: row.hotline, limit: hotlineLimit[row.hotline] },
      },
      isAnonymousAllowed: !row.isNamed,
      isRestricted: row.isRestricted ?? false,
    })),
  );
}

/** Every minor class of the demo classification, in code order. */
export const catalogueEntries: readonly CatalogueEntry[] = [
  ...toEntries('component', components),
  ...toEntries('event', events),
];
