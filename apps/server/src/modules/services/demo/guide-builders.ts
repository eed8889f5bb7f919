// Building blocks of the demo guides: the materials, steps and texts that recur across items,
// so each guide below says only what is particular to it.
import type {
  MaterialForm,
  ServiceChannel,
  ServiceItemType,
  ServiceMaterial,
  ServiceStep,
  SpecialStep,
  UpdateServiceItemBody,
} from '@citygov/contracts';

/** A demo item: its agency (department abbreviation, e.g. GAJ = 市公安局), type and main item. */
export interface DemoItemSpec {
  dept: string;
  type: ServiceItemType;
  /** Items with the same key share a main item code (they are its sub items). */
  main: string;
  /** Its sub item number within the main item (0 = none). */
  sub: number;
  guide: UpdateServiceItemBody;
}

export const HOURS = '工作日上午9:00-12:00，下午13:00-17:00（法定节假日除外）';
export const HOURS_EXTENDED = '工作日9:00-17:00，周六9:00-12:00（预约办理，法定节假日除外）';
export const CITY_HALL = '重庆市政务服务中心（渝北区）';
export const COMPLAINT_PHONE = '023-12345';

interface MaterialOptions {
  forms?: MaterialForm[];
  copies?: number;
  licence?: string;
  blank?: string;
  sample?: string;
  notes?: string;
  source?: ServiceMaterial['source'];
}

/** A required material brought by the applicant (an original, one copy unless told). */
export function required(name: string, o: MaterialOptions = {}): ServiceMaterial {
  return {
    name,
    forms: o.forms ?? ['original'],
    copies: o.copies ?? 1,
    requirement: 'required',
    source: o.source ?? 'applicant',
    ...(o.licence && { licenceType: o.licence }),
    ...(o.blank && { blankFormRef: `forms/${o.blank}.docx` }),
    ...(o.sample && { sampleRef: `samples/${o.sample}.pdf` }),
    ...(o.notes && { notes: o.notes }),
  };
}

/** A material needed only under a condition. */
export function conditional(
  name: string,
  condition: string,
  o: MaterialOptions = {},
): ServiceMaterial {
  return { ...required(name, o), requirement: 'conditional', condition };
}

/** An application form with its blank form and a filled-in sample. */
export const form = (name: string, slug: string, notes?: string) =>
  required(name, { blank: slug, sample: slug, ...(notes && { notes }) });

// Materials many items ask for. Where an electronic licence exists, it satisfies the material.
export const idCard = (who = '申请人') =>
  required(`${who}居民身份证`, {
    copies: 0,
    licence: 'id_card',
    notes: '现场核验原件；已关联电子证照的免于提交',
  });
export const hukou = (condition?: string) =>
  condition
    ? conditional('居民户口簿', condition, { copies: 0, licence: 'household_register' })
    : required('居民户口簿', { copies: 0, licence: 'household_register', notes: '核验原件' });
export const photo = (spec = '近期免冠彩色证件照片') =>
  required(spec, { forms: ['original', 'electronic'], copies: 2, notes: '白色背景，可现场拍摄' });
export const businessLicence = () =>
  required('营业执照', {
    forms: ['copy'],
    source: 'department',
    licence: 'business_licence',
    notes: '已关联电子营业执照的免于提交',
  });
export const legalRepId = () =>
  required('法定代表人身份证明', { forms: ['copy'], licence: 'id_card' });
export const proxy = () =>
  conditional('授权委托书及受托人居民身份证', '委托他人代为办理的', { copies: 1 });
export const bankCard = () =>
  required('本人银行卡或社会保障卡（金融账户）', { forms: ['copy'], copies: 1 });

/** The usual steps, their limits adding up to at most `promised` working days. */
export function standardSteps(promised: number, review = '审查'): ServiceStep[] {
  if (promised === 0) {
    return [
      { name: '申请', actor: 'applicant', description: '线上提交或窗口递交申请材料' },
      {
        name: '受理并办结',
        actor: 'window',
        limitDays: 0,
        description: '材料齐全、符合法定形式的当场办结',
      },
    ];
  }
  const accept = 1;
  const decide = promised >= 3 ? 1 : 0;
  const deliver = promised >= 5 ? 1 : 0;
  const examine = Math.max(0, promised - accept - decide - deliver);
  return [
    { name: '申请', actor: 'applicant', description: '线上提交或窗口递交申请材料' },
    {
      name: '受理',
      actor: 'window',
      limitDays: accept,
      description: '材料不全的一次性告知需补正的全部内容',
    },
    { name: review, actor: 'reviewer', limitDays: examine },
    ...(decide > 0 ? [{ name: '决定', actor: 'approver' as const, limitDays: decide }] : []),
    {
      name: '送达',
      actor: 'window',
      limitDays: deliver,
      description: '电子证照同步推送，纸质结果可窗口领取或免费邮寄',
    },
  ];
}

export const special = (name: string, kind: SpecialStep['kind'], maxDays: number): SpecialStep => ({
  name,
  kind,
  maxDays,
});

/** The channels of an item handled online: web and mobile, plus whatever else it names. */
export const online = (...more: ServiceChannel[]): ServiceChannel[] => [
  'web',
  'mobile',
  ...more,
  'window',
];

export const free = { isFree: true } as const;
export const fee = (amountYuan: number | null, basis: string) => ({
  isFree: false,
  ...(amountYuan !== null && { amountYuan }),
  basis,
});
