// The demo city's 一件事一次办 bundles, as in Chongqing's "渝快办" life events: each joins items
// of the demo catalogue (named by department abbreviation and item name) and asks each shared
// field once. Data only; seed-bundles.ts resolves the items and saves them.
import type { BundleFieldType, LocalizedLabel, ServiceAudience } from '@citygov/contracts';
import type { BundleFieldSpec } from '../bundles/index.ts';

export interface DemoBundle {
  code: string;
  name: string;
  description: string;
  audience: ServiceAudience;
  lifeEventCode: string;
  /** [department abbreviation, item name] in the order shown. */
  members: Array<[string, string]>;
  fields: BundleFieldSpec[];
}

const label = (zh: string, en: string): LocalizedLabel => ({ zh, en });
type Targets = Array<[number, string]> | 'all';

interface FieldOptions {
  isRequired?: boolean;
  maxLength?: number;
  options?: Array<[string, string, string]>;
  help?: [string, string];
}

/** A field filling `targets` (member seq, form field); 'all' fills every member's `key`. */
function field(
  key: string,
  zh: string,
  en: string,
  type: BundleFieldType,
  targets: Targets,
  memberCount: number,
  o: FieldOptions = {},
): BundleFieldSpec {
  return {
    key,
    label: label(zh, en),
    type,
    isRequired: o.isRequired ?? true,
    ...(o.maxLength !== undefined && { maxLength: o.maxLength }),
    ...(o.options && {
      options: o.options.map(([value, z, e]) => ({ value, label: label(z, e) })),
    }),
    ...(o.help && { help: label(...o.help) }),
    targets:
      targets === 'all'
        ? Array.from({ length: memberCount }, (_, i) => ({ member: i + 1, formField: key }))
        : targets.map(([member, formField]) => ({ member, formField })),
  };
}

/** A bundle: its fields get the member count, and every member gets the contact phone. */
function bundle(
  spec: Omit<DemoBundle, 'fields'>,
  fields: (
    f: (
      key: string,
      zh: string,
      en: string,
      type: BundleFieldType,
      targets: Targets,
      o?: FieldOptions,
    ) => BundleFieldSpec,
  ) => BundleFieldSpec[],
): DemoBundle {
  const n = spec.members.length;
  const f = (
    key: string,
    zh: string,
    en: string,
    type: BundleFieldType,
    targets: Targets,
    o?: FieldOptions,
  ) => field(key, zh, en, type, targets, n, o);
  return {
    ...spec,
    fields: [f('contactPhone', '联系电话', 'Contact phone', 'phone', 'all'), ...fields(f)],
  };
}

const relation: FieldOptions['options'] = [
  ['spouse', '配偶', 'Spouse'],
  ['child', '子女', 'Child'],
  ['parent', '父母', 'Parent'],
  ['other', '其他近亲属', 'Other close relative'],
];

export const demoBundles: DemoBundle[] = [
  bundle(
    {
      code: 'newborn',
      name: '新生儿出生一件事',
      description:
        '宝宝出生后，一次申请办齐出生医学证明、出生登记落户、城乡居民医保参保和社会保障卡，各部门并联办理，信息只填一次。',
      audience: 'citizen',
      lifeEventCode: 'citizen.birth',
      members: [
        ['WJW', '出生医学证明首次签发'],
        ['GAJ', '出生登记（新生儿入户）'],
        ['YBJ', '城乡居民基本医疗保险参保登记'],
        ['RSJ', '社会保障卡申领'],
      ],
    },
    (f) => [
      f(
        'babyName',
        '新生儿姓名',
        "Baby's name",
        'text',
        [
          [1, 'babyName'],
          [2, 'babyName'],
          [3, 'insuredName'],
          [4, 'cardholderName'],
        ],
        { maxLength: 20 },
      ),
      f(
        'babyGender',
        '新生儿性别',
        "Baby's sex",
        'select',
        [
          [1, 'gender'],
          [2, 'gender'],
          [4, 'gender'],
        ],
        {
          options: [
            ['male', '男', 'Male'],
            ['female', '女', 'Female'],
          ],
        },
      ),
      f('birthDate', '出生日期', 'Date of birth', 'date', [
        [1, 'birthDate'],
        [2, 'birthDate'],
        [3, 'birthDate'],
      ]),
      f('birthHospital', '出生医院', 'Hospital of birth', 'text', [[1, 'hospital']], {
        maxLength: 100,
      }),
      f(
        'fatherName',
        '父亲姓名',
        "Father's name",
        'text',
        [
          [1, 'fatherName'],
          [2, 'fatherName'],
        ],
        { maxLength: 20 },
      ),
      f(
        'motherName',
        '母亲姓名',
        "Mother's name",
        'text',
        [
          [1, 'motherName'],
          [2, 'motherName'],
        ],
        { maxLength: 20 },
      ),
      f(
        'hukouAddress',
        '落户地址',
        'Household registration address',
        'text',
        [
          [2, 'hukouAddress'],
          [3, 'address'],
        ],
        { maxLength: 200 },
      ),
      f(
        'mailingAddress',
        '社保卡邮寄地址',
        'Mailing address for the card',
        'text',
        [[4, 'mailingAddress']],
        {
          isRequired: false,
          help: ['不填则到银行网点领取', 'Leave empty to collect the card at a bank branch'],
        },
      ),
    ],
  ),
  bundle(
    {
      code: 'enterprise-opening',
      name: '企业开办一件事',
      description:
        '营业执照、公章刻制、涉税信息确认、发票领用和银行开户一表申请、一日办结，全程网办、免费刻章。',
      audience: 'enterprise',
      lifeEventCode: 'enterprise.establishment',
      members: [
        ['SCJGJ', '企业设立登记（营业执照核发）'],
        ['GAJ', '公章刻制备案'],
        ['SWJ', '新办纳税人涉税事项（信息确认）'],
        ['SWJ', '发票领用（数电发票开票额度确认）'],
        ['RMYH', '企业银行账户开立（新办）'],
      ],
    },
    (f) => [
      f('enterpriseName', '企业名称', 'Enterprise name', 'text', 'all', { maxLength: 100 }),
      f(
        'legalRepresentative',
        '法定代表人',
        'Legal representative',
        'text',
        [
          [1, 'legalRepresentative'],
          [2, 'legalRepresentative'],
          [3, 'legalRepresentative'],
          [5, 'legalRepresentative'],
        ],
        { maxLength: 20 },
      ),
      f('registeredCapital', '注册资本（万元）', 'Registered capital (10k yuan)', 'number', [
        [1, 'registeredCapital'],
      ]),
      f(
        'businessScope',
        '经营范围',
        'Business scope',
        'textarea',
        [
          [1, 'businessScope'],
          [3, 'businessScope'],
        ],
        { maxLength: 1000 },
      ),
      f(
        'address',
        '住所（经营场所）',
        'Registered address',
        'text',
        [
          [1, 'address'],
          [3, 'address'],
          [5, 'address'],
        ],
        { maxLength: 200 },
      ),
      f('sealCount', '刻制印章枚数', 'Seals to make', 'number', [[2, 'sealCount']]),
      f(
        'financeContact',
        '办税人员姓名',
        'Tax contact',
        'text',
        [
          [3, 'financeContact'],
          [4, 'financeContact'],
        ],
        { maxLength: 20 },
      ),
      f('invoiceKind', '发票种类', 'Invoice kind', 'select', [[4, 'invoiceKind']], {
        options: [
          ['normal', '数电普通发票', 'Digital ordinary invoice'],
          ['special', '数电增值税专用发票', 'Digital VAT special invoice'],
        ],
      }),
      f('bankName', '开户银行', 'Bank', 'text', [[5, 'bankName']], { maxLength: 50 }),
    ],
  ),
  bundle(
    {
      code: 'retirement',
      name: '退休一件事',
      description:
        '到龄退休时，养老金申领、住房公积金提取和待遇领取资格认证一次申请，养老金按月发放到账。',
      audience: 'citizen',
      lifeEventCode: 'citizen.retirement',
      members: [
        ['SBJ', '城镇职工基本养老金申领（退休申请）'],
        ['GJJ', '住房公积金提取'],
        ['SBJ', '社会保险待遇领取资格认证'],
      ],
    },
    (f) => [
      f('retirementDate', '退休日期', 'Retirement date', 'date', [
        [1, 'retirementDate'],
        [2, 'retirementDate'],
      ]),
      f(
        'employer',
        '退休前工作单位',
        'Last employer',
        'text',
        [
          [1, 'employer'],
          [2, 'employer'],
        ],
        { maxLength: 100 },
      ),
      f(
        'bankName',
        '收款银行',
        'Bank',
        'text',
        [
          [1, 'bankName'],
          [2, 'bankName'],
        ],
        { maxLength: 50 },
      ),
      f(
        'bankAccount',
        '银行账号',
        'Bank account',
        'text',
        [
          [1, 'bankAccount'],
          [2, 'bankAccount'],
        ],
        { maxLength: 30 },
      ),
      f(
        'extractReason',
        '公积金提取原因',
        'Housing fund withdrawal reason',
        'select',
        [[2, 'reason']],
        {
          options: [['retirement', '离休、退休', 'Retirement']],
        },
      ),
    ],
  ),
  bundle(
    {
      code: 'second-hand-house',
      name: '二手房转移登记一件事',
      description:
        '二手房买卖不动产转移登记、交易资金监管与水、电、气过户联动办理，登簿即过户，不再分头跑。',
      audience: 'citizen',
      lifeEventCode: 'citizen.housing',
      members: [
        ['BDC', '不动产转移登记（二手房买卖）'],
        ['ZJW', '存量房交易资金监管'],
        ['SWJT', '用水过户、更名'],
        ['DL', '用电过户、更名'],
        ['RQJT', '燃气过户、更名'],
      ],
    },
    (f) => [
      f('propertyAddress', '房屋坐落', 'Property address', 'text', 'all', { maxLength: 200 }),
      f(
        'certificateNumber',
        '不动产权证书号',
        'Title certificate number',
        'text',
        [
          [1, 'certificateNumber'],
          [2, 'certificateNumber'],
        ],
        { maxLength: 50 },
      ),
      f(
        'sellerName',
        '出卖人',
        'Seller',
        'text',
        [
          [1, 'sellerName'],
          [2, 'sellerName'],
        ],
        { maxLength: 50 },
      ),
      f('price', '成交价格（元）', 'Price (yuan)', 'number', [
        [1, 'price'],
        [2, 'price'],
      ]),
      f('waterAccount', '用水户号', 'Water account', 'text', [[3, 'accountNumber']], {
        maxLength: 30,
      }),
      f('electricityAccount', '用电户号', 'Electricity account', 'text', [[4, 'accountNumber']], {
        maxLength: 30,
      }),
      f('gasAccount', '燃气户号', 'Gas account', 'text', [[5, 'accountNumber']], { maxLength: 30 }),
    ],
  ),
  bundle(
    {
      code: 'school-entry',
      name: '入学一件事',
      description:
        '小学一年级入学报名与预防接种证查验同步办理，户籍、房产、社保信息由部门共享核验。',
      audience: 'citizen',
      lifeEventCode: 'citizen.education',
      members: [
        ['JW', '义务教育阶段小学一年级入学报名'],
        ['WJW', '入托入学预防接种证查验'],
      ],
    },
    (f) => [
      f(
        'childName',
        '儿童姓名',
        "Child's name",
        'text',
        [
          [1, 'childName'],
          [2, 'childName'],
        ],
        { maxLength: 20 },
      ),
      f('childIdNumber', '儿童公民身份号码', "Child's ID number", 'id_number', [
        [1, 'childIdNumber'],
        [2, 'childIdNumber'],
      ]),
      f(
        'guardianRelation',
        '与儿童关系',
        'Relation to the child',
        'select',
        [[1, 'guardianRelation']],
        {
          options: [
            ['father', '父亲', 'Father'],
            ['mother', '母亲', 'Mother'],
            ['guardian', '其他监护人', 'Other guardian'],
          ],
        },
      ),
      f('preferredSchool', '划片学校', 'School of the catchment area', 'text', [[1, 'school']], {
        maxLength: 100,
      }),
      f(
        'homeAddress',
        '居住地址',
        'Home address',
        'text',
        [
          [1, 'address'],
          [2, 'address'],
        ],
        { maxLength: 200 },
      ),
    ],
  ),
  bundle(
    {
      code: 'after-death',
      name: '身后事一件事',
      description:
        '亲人离世后，死亡医学证明、户口注销、火化证明、惠民殡葬补贴和丧葬补助金一次申请，家属少跑腿、少填表。',
      audience: 'citizen',
      lifeEventCode: 'citizen.after_death',
      members: [
        ['WJW', '居民死亡医学证明（推断）书签发'],
        ['GAJ', '死亡人员户口注销'],
        ['MZJ', '遗体火化证明开具'],
        ['MZJ', '惠民殡葬补贴申领'],
        ['SBJ', '参保人员死亡丧葬补助金、抚恤金申领'],
      ],
    },
    (f) => [
      f('deceasedName', '逝者姓名', 'Name of the deceased', 'text', 'all', { maxLength: 20 }),
      f('deceasedIdNumber', '逝者公民身份号码', 'ID number of the deceased', 'id_number', 'all'),
      f('dateOfDeath', '死亡日期', 'Date of death', 'date', 'all'),
      f('placeOfDeath', '死亡地点', 'Place of death', 'text', [[1, 'placeOfDeath']], {
        maxLength: 200,
      }),
      f('applicantRelation', '申请人与逝者关系', 'Relation to the deceased', 'select', 'all', {
        options: relation,
      }),
      f(
        'funeralHome',
        '殡仪馆',
        'Funeral home',
        'text',
        [
          [3, 'funeralHome'],
          [4, 'funeralHome'],
        ],
        { maxLength: 100 },
      ),
      f(
        'bankAccount',
        '补助金收款账号',
        'Account for the grants',
        'text',
        [
          [4, 'bankAccount'],
          [5, 'bankAccount'],
        ],
        { maxLength: 30 },
      ),
    ],
  ),
  bundle(
    {
      code: 'medical',
      name: '就医一件事',
      description: '异地就医备案、门诊慢特病待遇认定和零星医疗费用报销一次申请，线上办、不跑腿。',
      audience: 'citizen',
      lifeEventCode: 'citizen.medical',
      members: [
        ['YBJ', '异地就医备案'],
        ['YBJ', '门诊慢特病待遇认定'],
        ['YBJ', '医疗费用手工（零星）报销'],
      ],
    },
    (f) => [
      f(
        'hospital',
        '就诊医院',
        'Hospital',
        'text',
        [
          [1, 'hospital'],
          [2, 'hospital'],
          [3, 'hospital'],
        ],
        { maxLength: 100 },
      ),
      f('destination', '就医地', 'Place of treatment', 'text', [[1, 'destination']], {
        maxLength: 50,
      }),
      f('startDate', '备案开始日期', 'Filing from', 'date', [[1, 'startDate']]),
      f(
        'disease',
        '病种',
        'Condition',
        'text',
        [
          [2, 'disease'],
          [3, 'disease'],
        ],
        { maxLength: 100 },
      ),
      f('amount', '报销金额（元）', 'Amount claimed (yuan)', 'number', [[3, 'amount']]),
      f('bankAccount', '收款账号', 'Bank account', 'text', [[3, 'bankAccount']], { maxLength: 30 }),
    ],
  ),
  bundle(
    {
      code: 'veteran-discharge',
      name: '军人退役一件事',
      description:
        '退役士兵报到后，自主就业安置、一次性经济补助、优待证、恢复户口和医保关系接续一次申请。',
      audience: 'citizen',
      lifeEventCode: 'citizen.veterans',
      members: [
        ['TYJRJ', '退役士兵自主就业安置'],
        ['TYJRJ', '退役士兵一次性经济补助申领'],
        ['TYJRJ', '退役军人优待证申领（新办）'],
        ['GAJ', '退役士兵恢复户口登记'],
        ['YBJ', '基本医疗保险关系转移接续'],
      ],
    },
    (f) => [
      f('dischargeDate', '退役时间', 'Date of discharge', 'date', [
        [1, 'dischargeDate'],
        [2, 'dischargeDate'],
        [3, 'dischargeDate'],
        [4, 'dischargeDate'],
      ]),
      f('serviceYears', '服役年限', 'Years of service', 'number', [
        [1, 'serviceYears'],
        [2, 'serviceYears'],
      ]),
      f(
        'settleAddress',
        '安置地址',
        'Address after discharge',
        'text',
        [
          [4, 'hukouAddress'],
          [5, 'address'],
        ],
        { maxLength: 200 },
      ),
      f('bankAccount', '补助金收款账号', 'Account for the grant', 'text', [[2, 'bankAccount']], {
        maxLength: 30,
      }),
    ],
  ),
  bundle(
    {
      code: 'marriage',
      name: '婚育户一件事',
      description:
        '结婚登记后，户口迁移和生育登记一并申请，结婚证电子证照自动共享，不再提交纸质材料。',
      audience: 'citizen',
      lifeEventCode: 'citizen.marriage',
      members: [
        ['MZJ', '内地居民结婚登记'],
        ['GAJ', '户口迁移（市内迁入）'],
        ['WJW', '生育登记'],
      ],
    },
    (f) => [
      f('spouseName', '配偶姓名', "Spouse's name", 'text', 'all', { maxLength: 20 }),
      f('spouseIdNumber', '配偶公民身份号码', "Spouse's ID number", 'id_number', 'all'),
      f('registrationDate', '预约登记日期', 'Registration appointment', 'date', [
        [1, 'appointmentDate'],
      ]),
      f('moveToAddress', '迁入地址', 'Moving to', 'text', [[2, 'moveToAddress']], {
        maxLength: 200,
      }),
      f('expectedBirth', '预产期', 'Expected date of birth', 'date', [[3, 'expectedBirth']], {
        isRequired: false,
      }),
    ],
  ),
  bundle(
    {
      code: 'disability',
      name: '残疾人服务一件事',
      description:
        '残疾人证新办、困难残疾人生活补贴和重度残疾人护理补贴、辅助器具适配一次申请，评定结果部门间共享。',
      audience: 'citizen',
      lifeEventCode: 'citizen.disability',
      members: [
        ['CL', '残疾人证新办'],
        ['MZJ', '困难残疾人生活补贴和重度残疾人护理补贴（申领）'],
        ['CL', '残疾人辅助器具适配'],
      ],
    },
    (f) => [
      f('disabilityKind', '残疾类别', 'Kind of disability', 'select', 'all', {
        options: [
          ['visual', '视力残疾', 'Visual'],
          ['hearing', '听力残疾', 'Hearing'],
          ['speech', '言语残疾', 'Speech'],
          ['physical', '肢体残疾', 'Physical'],
          ['intellectual', '智力残疾', 'Intellectual'],
          ['mental', '精神残疾', 'Mental'],
        ],
      }),
      f('address', '居住地址', 'Home address', 'text', 'all', { maxLength: 200 }),
      f(
        'guardianName',
        '监护人姓名',
        "Guardian's name",
        'text',
        [
          [1, 'guardianName'],
          [2, 'guardianName'],
        ],
        { isRequired: false, maxLength: 20 },
      ),
      f('bankAccount', '补贴收款账号', 'Account for the allowances', 'text', [[2, 'bankAccount']], {
        maxLength: 30,
      }),
      f('deviceNeeded', '需适配的辅助器具', 'Assistive device needed', 'text', [[3, 'device']], {
        maxLength: 100,
      }),
    ],
  ),
  bundle(
    {
      code: 'unemployment',
      name: '失业一件事',
      description: '失业后，失业保险金申领、就业创业证申领和灵活就业参保登记一次办，待遇按月发放。',
      audience: 'citizen',
      lifeEventCode: 'citizen.employment',
      members: [
        ['RSJ', '失业保险金申领'],
        ['RSJ', '就业创业证申领'],
        ['SBJ', '灵活就业人员参保登记'],
      ],
    },
    (f) => [
      f(
        'lastEmployer',
        '原工作单位',
        'Last employer',
        'text',
        [
          [1, 'lastEmployer'],
          [2, 'lastEmployer'],
        ],
        { maxLength: 100 },
      ),
      f('separationDate', '解除劳动关系日期', 'Date employment ended', 'date', [
        [1, 'separationDate'],
        [2, 'separationDate'],
        [3, 'startDate'],
      ]),
      f('bankAccount', '收款账号', 'Bank account', 'text', [[1, 'bankAccount']], { maxLength: 30 }),
      f('jobIntention', '求职意向', 'Work sought', 'text', [[2, 'jobIntention']], {
        isRequired: false,
        maxLength: 100,
      }),
    ],
  ),
  bundle(
    {
      code: 'enterprise-closing',
      name: '企业注销一件事',
      description: '清税证明开具与企业注销登记联办，税务清税信息实时共享，简易注销公示期满即办。',
      audience: 'enterprise',
      lifeEventCode: 'enterprise.dissolution',
      members: [
        ['SWJ', '清税证明开具'],
        ['SCJGJ', '企业注销登记'],
      ],
    },
    (f) => [
      f('enterpriseName', '企业名称', 'Enterprise name', 'text', 'all', { maxLength: 100 }),
      f('closingReason', '注销原因', 'Reason for closing', 'select', 'all', {
        options: [
          ['dissolution', '决议解散', 'Resolved to dissolve'],
          ['term', '营业期限届满', 'Term ended'],
          ['revoked', '依法被吊销', 'Licence revoked'],
        ],
      }),
      f('liquidationDate', '清算完成日期', 'Liquidation finished', 'date', [
        [2, 'liquidationDate'],
      ]),
    ],
  ),
];
