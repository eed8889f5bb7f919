// Test helpers for the catalogue: a valid item body to vary, departments of the test org.
import { createHash } from 'node:crypto';
import type { CreateServiceItemBody, UpdateServiceItemBody } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';

/** A complete, valid guide for a licensing item of the given department. */
export function sampleItemBody(
  departmentId: number,
  overrides: Partial<CreateServiceItemBody> = {},
): CreateServiceItemBody {
  return {
    typeCode: 'XK',
    mainCode: '00901',
    subCode: '000',
    departmentId,
    name: '城市建筑垃圾处置核准',
    audience: 'enterprise',
    legalBasis: '《城市建筑垃圾管理规定》（建设部令第139号）第七条',
    conditions:
      '有建筑垃圾分类处置方案和对废混凝土、金属、木材等回收利用的方案；有与建筑垃圾运输单位签订的运输合同。',
    materials: [
      {
        name: '城市建筑垃圾处置核准申请表',
        forms: ['original'],
        copies: 1,
        requirement: 'required',
        source: 'applicant',
        blankFormRef: 'forms/jianzhulaji-shenqing.docx',
      },
      {
        name: '营业执照',
        forms: ['copy'],
        copies: 1,
        requirement: 'required',
        source: 'department',
        licenceType: 'business_licence',
      },
      {
        name: '授权委托书',
        forms: ['original'],
        copies: 1,
        requirement: 'conditional',
        condition: '委托他人办理的',
        source: 'applicant',
      },
    ],
    steps: [
      { name: '申请', actor: 'applicant' },
      { name: '受理', actor: 'window', limitDays: 1 },
      { name: '审查', actor: 'reviewer', limitDays: 2 },
      { name: '决定', actor: 'approver', limitDays: 1 },
      { name: '送达', actor: 'window', limitDays: 1 },
    ],
    legalLimitDays: 20,
    promisedLimitDays: 5,
    specialSteps: [{ name: '现场勘验', kind: 'inspection', maxDays: 3 }],
    fee: { isFree: true },
    place: '重庆市政务服务中心（渝北区青枫北路6号）城市管理窗口',
    hours: '周一至周五 9:00-12:00，13:00-17:00（法定节假日除外）',
    visits: 1,
    onlineDepth: 3,
    channels: ['web', 'mobile', 'window'],
    lifeEvents: ['enterprise.construction'],
    keywords: ['渣土', '建筑垃圾', '消纳'],
    enquiryPhone: '023-12319',
    complaintPhone: '023-12345',
    isLicensing: true,
    issuedLicenceType: 'construction_waste_permit',
    resultName: '城市建筑垃圾处置核准决定书',
    deliveryMethods: ['window', 'electronic'],
    frequency: 1200,
    ...overrides,
  };
}

/** The guide part of a create body: what an edit (PUT) sends. */
export function guideOf(body: CreateServiceItemBody): UpdateServiceItemBody {
  const guide: Partial<CreateServiceItemBody> = { ...body };
  delete guide.typeCode;
  delete guide.mainCode;
  delete guide.subCode;
  delete guide.departmentId;
  delete guide.regionCode;
  return guide as UpdateServiceItemBody;
}

/** The test org's city-level and 渝中区 departments (seeded by the harness). */
export async function findTestDepartments(db: Db) {
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'code', 'region_code'])
    .orderBy('id')
    .execute();
  const city = rows.find((d) => d.region_code === '500000');
  const yuzhong = rows.find((d) => d.region_code === '500103');
  if (!city || !yuzhong) throw new Error('the test org has no city-level or 渝中区 department');
  return { city, yuzhong };
}

/**
 * A file `identity` uploaded, recorded as the upload route records it (a PDF in 渝中区);
 * `content` tells files apart. Answers its SHA-256, what an application's material names.
 */
export async function recordUpload(db: Db, identity: string, content: string): Promise<string> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  await db
    .insertInto('files')
    .values({
      sha256,
      size: 10,
      media_type: 'application/pdf',
      created_by: identity,
      region_code: '500103',
    })
    .execute();
  await db
    .insertInto('file_refs')
    .values({
      sha256,
      owner_type: 'upload',
      owner_id: identity,
      region_code: '500103',
      name: 'x.pdf',
    })
    .execute();
  return sha256;
}
