// Items the 一件事一次办 bundles need that the rest of the demo catalogue lacks: the vaccination
// record check at school entry, the medical death certificate, and a veteran's household
// registration. Full guides, appended after the generated items (their codes come last).
import {
  COMPLAINT_PHONE,
  HOURS,
  conditional,
  form,
  free,
  idCard,
  online,
  required,
  standardSteps,
  type DemoItemSpec,
} from './guide-builders.ts';

const HEALTH_PHONE = '023-67706707';
const POLICE_PHONE = '023-63961110';

export const bundleItems: DemoItemSpec[] = [
  {
    dept: 'WJW',
    type: 'GG',
    main: 'vaccination-check',
    sub: 0,
    guide: {
      name: '入托入学预防接种证查验',
      audience: 'citizen',
      legalBasis:
        '《中华人民共和国疫苗管理法》第四十八条；《儿童入托、入学预防接种证查验办法》（国卫疾控发〔2021〕8号）',
      conditions:
        '新入托、入学的儿童，由托幼机构、学校在入托入学时查验预防接种证；未按程序完成接种的，由接种单位出具补种通知并完成补种。',
      materials: [
        required('儿童预防接种证', {
          forms: ['original', 'electronic'],
          copies: 0,
          notes: '已在重庆市免疫规划信息系统登记的，可在线调取电子接种记录',
        }),
        idCard('监护人'),
      ],
      steps: standardSteps(3, '查验'),
      legalLimitDays: 10,
      promisedLimitDays: 3,
      specialSteps: [],
      fee: free,
      place: '儿童户籍地或居住地社区卫生服务中心（乡镇卫生院）预防接种门诊',
      hours: HOURS,
      visits: 0,
      onlineDepth: 4,
      channels: online('mini_program'),
      lifeEvents: ['citizen.education', 'citizen.medical'],
      keywords: ['接种证查验', '入学查验', '预防接种', '入学一件事'],
      enquiryPhone: HEALTH_PHONE,
      complaintPhone: COMPLAINT_PHONE,
      isLicensing: false,
      resultName: '预防接种证查验证明',
      deliveryMethods: ['electronic'],
      frequency: 260_000,
    },
  },
  {
    dept: 'WJW',
    type: 'GG',
    main: 'death-certificate',
    sub: 0,
    guide: {
      name: '居民死亡医学证明（推断）书签发',
      audience: 'citizen',
      legalBasis:
        '《人口死亡信息登记管理规范（试行）》（国卫规划发〔2013〕57号）；《重庆市居民死亡医学证明（推断）书管理办法》',
      conditions:
        '在医疗机构死亡的，由救治医疗机构签发；在家中或其他场所死亡的，由负责该地区的社区卫生服务机构或乡镇卫生院调查核实后签发推断书。',
      materials: [
        form('居民死亡医学证明（推断）书申请登记表', 'siwang-yixue-zhengming-dengji'),
        idCard('死者'),
        idCard('申请人（死者家属）'),
        conditional('公安机关出具的死亡证明', '非正常死亡的', { source: 'department' }),
      ],
      steps: standardSteps(1, '核实'),
      legalLimitDays: 3,
      promisedLimitDays: 1,
      specialSteps: [],
      fee: free,
      place: '死亡发生地的医疗机构，或居住地社区卫生服务中心（乡镇卫生院）',
      hours: '医疗机构全天；社区卫生服务中心工作日办理',
      visits: 1,
      onlineDepth: 3,
      channels: online('mini_program'),
      lifeEvents: ['citizen.after_death'],
      keywords: ['死亡证明', '死亡医学证明', '身后事', '推断书'],
      enquiryPhone: HEALTH_PHONE,
      complaintPhone: COMPLAINT_PHONE,
      isLicensing: true,
      issuedLicenceType: 'death_certificate',
      resultName: '居民死亡医学证明（推断）书',
      deliveryMethods: ['window', 'electronic'],
      frequency: 160_000,
    },
  },
  {
    dept: 'GAJ',
    type: 'QR',
    main: 'veteran-hukou',
    sub: 0,
    guide: {
      name: '退役士兵恢复户口登记',
      audience: 'citizen',
      legalBasis:
        '《中华人民共和国户口登记条例》第十条；《退役士兵安置条例》第十四条；《重庆市常住户口登记管理规定》',
      conditions:
        '入伍时注销户口的退役士兵，凭退役军人事务部门开具的安置介绍信，在安置地公安派出所办理恢复户口登记。',
      materials: [
        required('退役士兵安置介绍信', { forms: ['original'], copies: 1, source: 'department' }),
        required('退役证', { forms: ['original', 'copy'], copies: 1 }),
        required('居民户口簿', {
          copies: 0,
          licence: 'household_register',
          notes: '拟落户家庭户的户口簿',
        }),
        conditional('房屋产权证明或住房租赁合同', '不投靠原家庭户的', { forms: ['copy'] }),
      ],
      steps: standardSteps(5),
      legalLimitDays: 10,
      promisedLimitDays: 5,
      specialSteps: [],
      fee: free,
      place: '安置地公安派出所户籍窗口、区县政务服务中心公安窗口',
      hours: HOURS,
      visits: 1,
      onlineDepth: 3,
      channels: online(),
      lifeEvents: ['citizen.veterans', 'citizen.household'],
      keywords: ['退役落户', '恢复户口', '退役军人', '退役一件事'],
      enquiryPhone: POLICE_PHONE,
      complaintPhone: COMPLAINT_PHONE,
      isLicensing: true,
      issuedLicenceType: 'household_register',
      resultName: '居民户口簿（恢复户口登记页）',
      deliveryMethods: ['window', 'electronic'],
      frequency: 30_000,
    },
  },
];
