// Expands the department templates into full demo guides. Every choice (limits, visits, online
// depth, channels, frequency) comes from a random stream named after the item, so the same
// catalogue comes out on every run whatever else changes.
import type {
  DeliveryMethod,
  ServiceAudience,
  ServiceChannel,
  ServiceItemType,
  ServiceMaterial,
} from '@citygov/contracts';
import { createHash } from 'node:crypto';
import { randomFor, type Random } from '../../../demo/index.ts';
import { cityDepartments } from '../../../platform/org/department-catalogue.ts';
import { departmentKindsA } from './department-kinds-a.ts';
import { departmentKindsB } from './department-kinds-b.ts';
import { departmentKindsC } from './department-kinds-c.ts';
import {
  CITY_HALL,
  COMPLAINT_PHONE,
  HOURS,
  businessLicence,
  conditional,
  fee,
  form,
  free,
  idCard,
  legalRepId,
  proxy,
  required,
  special,
  standardSteps,
  type DemoItemSpec,
} from './guide-builders.ts';
import { variantSets, type DepartmentTemplate, type KindTemplate } from './item-templates.ts';

export const departmentTemplates: readonly DepartmentTemplate[] = [
  ...departmentKindsA,
  ...departmentKindsB,
  ...departmentKindsC,
];

/** Legal limit and the longest promised limit by item type, when a kind does not say. */
const defaultDays: Record<ServiceItemType, readonly [number, number]> = {
  XK: [20, 10],
  QR: [20, 7],
  JF: [30, 15],
  GG: [10, 5],
  QT: [20, 10],
  ZS: [10, 1],
  JL: [60, 30],
  CJ: [60, 45],
  CF: [90, 60],
  QZ: [30, 15],
  JC: [30, 15],
};

const resultOfType: Record<ServiceItemType, string> = {
  XK: '准予行政许可决定书',
  QR: '确认结果通知书',
  JF: '给付决定通知书',
  GG: '办理结果告知书',
  QT: '办理结果通知书',
  ZS: '缴款凭证',
  JL: '表彰奖励决定',
  CJ: '行政裁决书',
  CF: '行政处罚决定书',
  QZ: '行政强制决定书',
  JC: '检查结果通知书',
};

const audienceWord: Record<ServiceAudience, string> = {
  citizen: '个人',
  enterprise: '单位',
  both: '个人和单位',
};

// Sub items that change or end something: quicker, no special steps, rarely a second visit.
const isFollowUp = (variant: string) => /变更|延续|注销|补|换|停发|审验|延期|迁移|转/.test(variant);
const isEnding = (variant: string) => /注销|停发/.test(variant);

function conditionsOf(kind: KindTemplate, variant: string, law: string, audience: ServiceAudience) {
  if (kind.conditions) return kind.conditions;
  const base = kind.name;
  if (/变更/.test(variant))
    return `已取得${base}，登记或许可事项发生变化的，应当自变化之日起30日内申请变更。`;
  if (/延续/.test(variant))
    return `${base}有效期届满需要继续从事相关活动的，应当在有效期届满30日前提出延续申请。`;
  if (/注销/.test(variant))
    return `${base}有效期届满未延续、依法终止或者申请人主动申请注销的，办理注销。`;
  if (/补/.test(variant)) return '证件遗失或者损毁的，可以申请补办；遗失的应当先行声明作废。';
  if (/换|审验|延期|迁移|转/.test(variant))
    return '证件有效期届满、记载事项需要更新或者迁移的，可以申请办理。';
  if (/停发/.test(variant)) return '待遇领取人不再符合领取条件或者死亡的，应当及时申请停发。';
  switch (kind.type) {
    case 'XK':
      return audience === 'citizen'
        ? `申请人具有完全民事行为能力，具备与申请事项相适应的资格和条件，符合${law}规定。`
        : `申请人为依法设立的法人或者其他组织，具有与申请事项相适应的场所、设施、专业技术人员和管理制度，符合${law}规定的条件。`;
    case 'QR':
      return `申请人符合${law}规定的确认情形，提交的材料真实、有效。`;
    case 'JF':
      return `符合${law}规定的给付对象条件，并按规定提出申请的本市居民。`;
    case 'JL':
      return `在相关领域作出突出贡献，符合${law}规定的表彰奖励条件的单位或者个人。`;
    case 'CJ':
      return `当事人之间发生${law}规定的争议，协商不成的，可以依法申请裁决。`;
    case 'ZS':
      return `属于${law}规定征收范围的单位和个人，应当依法申报缴纳。`;
    case 'GG':
      return `有办理需求的${audienceWord[audience]}均可申请，材料齐全的即予办理。`;
    case 'QT':
    case 'CF':
    case 'QZ':
    case 'JC':
      return `符合${law}规定情形的申请人，可以依法提出申请。`;
  }
}

function identityMaterials(audience: ServiceAudience): ServiceMaterial[] {
  if (audience === 'citizen') return [idCard()];
  if (audience === 'enterprise') return [businessLicence(), legalRepId()];
  return [
    conditional('申请人居民身份证', '申请人为个人的', { copies: 0, licence: 'id_card' }),
    conditional('营业执照', '申请人为单位的', {
      forms: ['copy'],
      source: 'department',
      licence: 'business_licence',
    }),
  ];
}

function kindMaterials(kind: KindTemplate, variant: string, random: Random): ServiceMaterial[] {
  const own = kind.materials ?? [];
  const named = (name: string, i: number): ServiceMaterial => {
    const isIssued = /许可证|执照|证书|批准文件|批复|意见书/.test(name);
    if (isIssued) return required(name, { forms: ['copy'], source: 'department' });
    if (i === 0) return required(name, { forms: ['original'], copies: 1 });
    return random.chance(0.5)
      ? required(name, { forms: ['copy'], copies: 1 })
      : required(name, { forms: ['original', 'electronic'], copies: 1 });
  };
  if (!variant || !isFollowUp(variant)) return own.map(named);
  if (/变更/.test(variant)) return [required('变更事项的证明材料', { forms: ['original'] })];
  if (/注销|停发/.test(variant)) return [required('注销（停发）原因说明', { forms: ['original'] })];
  if (/延续/.test(variant))
    return [
      required('许可期限内的经营（执业）情况说明', { forms: ['original'] }),
      ...own.slice(0, 1).map(named),
    ];
  return [required('原证件或遗失声明', { forms: ['original'], copies: 0 })];
}

function resultNameOf(kind: KindTemplate, isLicensing: boolean): string {
  if (!isLicensing) return resultOfType[kind.type];
  const upToCertificate = /^(.*证)[^证]*$/.exec(kind.name)?.[1];
  if (upToCertificate) return upToCertificate;
  if (kind.name.endsWith('许可')) return `${kind.name}证`;
  return resultOfType[kind.type];
}

const hashOf = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0);

const shortNames = new Map(cityDepartments.map((d) => [d.abbr, d.shortName]));
export const enquiryPhoneOf = (dept: string) =>
  `023-6${String(1_000_000 + (hashOf(`phone:${dept}`) % 9_000_000))}`;

function expandKind(template: DepartmentTemplate, kind: KindTemplate): DemoItemSpec[] {
  const variants: readonly string[] =
    typeof kind.variants === 'string' ? variantSets[kind.variants] : kind.variants;
  const audience = kind.audience ?? template.audience;
  const law = kind.law ?? template.law;
  const main = kind.main ?? `${template.dept}:${kind.name}`;
  const [legal, longest] = kind.days ?? defaultDays[kind.type];
  const shortName = shortNames.get(template.dept) ?? template.dept;
  return variants.map((variant, index) => {
    const name = !variant
      ? kind.name
      : kind.pattern
        ? kind.pattern.replace('{v}', variant)
        : `${kind.name}（${variant}）`;
    const random = randomFor(`services.catalogue:${template.dept}:${name}`);
    const followUp = Boolean(variant) && isFollowUp(variant);
    let promised = Math.min(
      legal,
      random.pick([longest, longest, Math.round(longest * 0.7), Math.round(longest / 2)]),
    );
    if (followUp) promised = Math.min(promised, Math.ceil(promised / 2));

    const visitWeights =
      kind.type === 'XK'
        ? [0.3, 0.58, 0.12]
        : audience === 'enterprise'
          ? [0.45, 0.5, 0.05]
          : [0.55, 0.41, 0.04];
    let visits = random.weighted([0, 1, 2], visitWeights);
    if (kind.isTwoVisits && !followUp) visits = 2;
    if (followUp) visits = Math.min(visits, 1);
    const onlineDepth =
      visits === 0
        ? 4
        : visits === 1
          ? random.weighted([4, 3, 2], [0.3, 0.55, 0.15])
          : random.weighted([3, 2, 1], [0.4, 0.5, 0.1]);
    const channels: ServiceChannel[] = ['web'];
    if (onlineDepth >= 3 && random.chance(0.9)) channels.push('mobile');
    if (onlineDepth >= 3 && audience !== 'enterprise' && random.chance(0.25))
      channels.push('mini_program');
    channels.push('window');

    const isLicensing = Boolean(kind.licence) && !isEnding(variant);
    const deliveryMethods: DeliveryMethod[] =
      onlineDepth === 4 && !isLicensing
        ? ['electronic']
        : isLicensing && onlineDepth >= 3
          ? ['window', 'post', 'electronic']
          : ['window', 'electronic'];
    const scale = audience === 'enterprise' ? [50, 6_000] : [800, 60_000];
    const base = Math.round(scale[0]! * Math.pow(scale[1]! / scale[0]!, random.next()));
    const frequency = followUp
      ? Math.max(10, Math.round(base * (isEnding(variant) ? 0.2 : 0.4)))
      : base;
    const slug = `item-${hashOf(`${template.dept}:${kind.name}`).toString(36)}`;
    const materials = [
      form(`${kind.name}申请表`, slug),
      ...identityMaterials(audience),
      ...kindMaterials(kind, variant, random),
      proxy(),
    ].filter((m, i, all) => all.findIndex((o) => o.name === m.name) === i);
    const specialStep =
      kind.special && !followUp ? [special(kind.special[0], kind.special[1], kind.special[2])] : [];

    const spec: DemoItemSpec = {
      dept: template.dept,
      type: kind.type,
      main,
      sub: variant ? (kind.subStart ?? 1) + index : (kind.subStart ?? 0),
      guide: {
        name,
        audience,
        legalBasis: law,
        conditions: conditionsOf(kind, variant, law, audience),
        materials,
        steps: standardSteps(promised),
        legalLimitDays: legal,
        promisedLimitDays: promised,
        specialSteps: specialStep,
        fee: kind.fee ? fee(kind.fee[0], kind.fee[1]) : free,
        place: `${CITY_HALL}${shortName}窗口${onlineDepth >= 3 ? '；“渝快办”网上办理' : ''}`,
        hours: HOURS,
        visits,
        onlineDepth,
        channels,
        lifeEvents: [kind.theme ?? template.theme],
        keywords: [...(kind.keywords ?? [])],
        enquiryPhone: enquiryPhoneOf(template.dept),
        complaintPhone: COMPLAINT_PHONE,
        isLicensing,
        ...(isLicensing && { issuedLicenceType: kind.licence }),
        resultName: resultNameOf(kind, isLicensing),
        deliveryMethods,
        frequency,
      },
    };
    return spec;
  });
}

/** Every generated item of the demo catalogue, in template order. */
export function generateDemoItems(): DemoItemSpec[] {
  return departmentTemplates.flatMap((template) =>
    template.kinds.flatMap((kind) => expandKind(template, kind)),
  );
}
