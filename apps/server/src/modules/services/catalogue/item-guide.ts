// The service guide in one normal form: every field present (null when absent), sets in a
// fixed order. Writes, reads, import and change detection all go through it.
import type {
  DeliveryMethod,
  MaterialForm,
  MaterialRequirement,
  MaterialSource,
  ServiceAudience,
  ServiceChannel,
  ServiceItemStatus,
  SpecialStepKind,
  StepActor,
  UpdateServiceItemBody,
} from '@citygov/contracts';

export interface GuideMaterial {
  name: string;
  forms: MaterialForm[];
  copies: number;
  requirement: MaterialRequirement;
  condition: string | null;
  source: MaterialSource;
  licenceType: string | null;
  blankFormRef: string | null;
  sampleRef: string | null;
  notes: string | null;
}

export interface GuideStep {
  name: string;
  actor: StepActor;
  limitDays: number | null;
  description: string | null;
}

export interface GuideSpecialStep {
  name: string;
  kind: SpecialStepKind;
  maxDays: number;
}

export interface ItemGuide {
  name: string;
  audience: ServiceAudience;
  legalBasis: string;
  conditions: string;
  materials: GuideMaterial[];
  steps: GuideStep[];
  legalLimitDays: number;
  promisedLimitDays: number;
  specialSteps: GuideSpecialStep[];
  fee: { isFree: boolean; amountYuan: number | null; basis: string | null };
  place: string;
  hours: string;
  visits: number;
  onlineDepth: number;
  channels: ServiceChannel[];
  lifeEvents: string[];
  keywords: string[];
  enquiryPhone: string;
  complaintPhone: string;
  workflowKey: string;
  isLicensing: boolean;
  issuedLicenceType: string | null;
  resultName: string | null;
  deliveryMethods: DeliveryMethod[];
  frequency: number;
  status: ServiceItemStatus;
}

export const channelOrder: readonly ServiceChannel[] = [
  'web',
  'mobile',
  'mini_program',
  'bank_terminal',
  'rural_point',
  'window',
];
const formOrder: readonly MaterialForm[] = ['original', 'copy', 'electronic'];
const deliveryOrder: readonly DeliveryMethod[] = ['window', 'post', 'electronic'];

const inOrder = <T>(order: readonly T[], values: readonly T[]) =>
  order.filter((v) => values.includes(v));
const textOrNull = (value: string | null | undefined) => {
  const t = value?.trim();
  return t ? t : null;
};

/** What fills the optional fields: the type's workflow for a new item, the stored values on an edit. */
export interface GuideDefaults {
  workflowKey: string;
  frequency: number;
  status: ServiceItemStatus;
}

/** The guide in normal form. */
export function normalizeGuide(body: UpdateServiceItemBody, defaults: GuideDefaults): ItemGuide {
  return {
    name: body.name.trim(),
    audience: body.audience,
    legalBasis: body.legalBasis.trim(),
    conditions: body.conditions.trim(),
    materials: body.materials.map((m) => ({
      name: m.name.trim(),
      forms: inOrder(formOrder, m.forms),
      copies: m.copies,
      requirement: m.requirement,
      condition: textOrNull(m.condition),
      source: m.source,
      licenceType: m.licenceType ?? null,
      blankFormRef: textOrNull(m.blankFormRef),
      sampleRef: textOrNull(m.sampleRef),
      notes: textOrNull(m.notes),
    })),
    steps: body.steps.map((s) => ({
      name: s.name.trim(),
      actor: s.actor,
      limitDays: s.limitDays ?? null,
      description: textOrNull(s.description),
    })),
    legalLimitDays: body.legalLimitDays,
    promisedLimitDays: body.promisedLimitDays,
    specialSteps: body.specialSteps.map((s) => ({
      name: s.name.trim(),
      kind: s.kind,
      maxDays: s.maxDays,
    })),
    fee: {
      isFree: body.fee.isFree,
      amountYuan: body.fee.amountYuan ?? null,
      basis: textOrNull(body.fee.basis),
    },
    place: body.place.trim(),
    hours: body.hours.trim(),
    visits: body.visits,
    onlineDepth: body.onlineDepth,
    channels: inOrder(channelOrder, body.channels),
    lifeEvents: [...body.lifeEvents].sort(),
    keywords: body.keywords.map((k) => k.trim()),
    enquiryPhone: body.enquiryPhone.trim(),
    complaintPhone: body.complaintPhone.trim(),
    workflowKey: body.workflowKey ?? defaults.workflowKey,
    isLicensing: body.isLicensing,
    issuedLicenceType: body.issuedLicenceType ?? null,
    resultName: textOrNull(body.resultName),
    deliveryMethods: inOrder(deliveryOrder, body.deliveryMethods),
    frequency: body.frequency ?? defaults.frequency,
    status: body.status ?? defaults.status,
  };
}

/** Whether two guides say the same thing (normal forms compared field by field). */
export const isSameGuide = (a: ItemGuide, b: ItemGuide) => JSON.stringify(a) === JSON.stringify(b);
