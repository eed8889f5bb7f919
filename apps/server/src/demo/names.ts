// Fictional but realistic Chinese names: common surnames weighted roughly by frequency (with
// a Chongqing flavour: 唐, 谭, 冉, 向, 邓 ...), given names of one or two characters.
import type { Random } from './random.ts';

// Surnames with a relative weight (≈ per-mille of the population).
const surnameTable = [
  '王71 李70 张67 刘54 陈46 杨31 黄25 赵23 吴20 周20 徐15 孙15 马13 朱13 胡12 ',
  '郭12 何11 罗11 高9 林8 郑8 梁7 谢7 唐8 宋5 许5 韩5 冯4 邓6 曹4 彭5 曾4 肖4 田4 ',
  '董3 袁3 潘3 于3 蒋3 蔡3 余4 杜3 叶3 程3 苏3 魏3 吕3 丁3 任3 沈2 姚2 卢2 姜2 崔2 ',
  '钟2 谭4 陆2 汪2 范2 金2 石2 廖3 贾2 夏2 韦2 付2 方2 白2 邹2 孟2 熊3 秦2 邱2 江2 ',
  '尹2 薛2 闫2 段2 雷2 侯2 龙2 史1 陶1 黎1 贺1 顾1 毛1 郝1 龚1 邵1 万1 钱1 严1 覃1 ',
  '武1 戴1 莫1 孔1 向2 汤1 冉2 牟1 况1 欧阳0.3 司马0.1 诸葛0.1 ',
]
  .join('')
  .trim()
  .split(/\s+/)
  .map((entry) => {
    const [, name, weight] = /^(\D+)([\d.]+)$/.exec(entry)!;
    return [name!, Number(weight)] as const;
  });
const surnames = surnameTable.map(([s]) => s);
const surnameWeights = surnameTable.map(([, w]) => w);

const maleChars = [
  ...new Set(
    '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国峰亮成文东海志晨博睿轩昊天宏德川江渝永兴福家豪铭泽毅诚松柏荣坤',
  ),
];
const femaleChars = [
  ...new Set(
    '芳娜敏静丽艳娟霞秀英玲婷雪慧红燕琳晶倩洁颖梅丹莉萍佳怡欣悦琪瑶璐蓉雯思雨涵诗梦月婉菲彤蕾薇露娇媛馨琴凤兰莹清一可',
  ),
];

/** A realistic name for the given gender. */
export function generateName(random: Random, gender: 'M' | 'F'): string {
  const surname = random.weighted(surnames, surnameWeights);
  const chars = gender === 'M' ? maleChars : femaleChars;
  const first = random.pick(chars);
  if (random.chance(0.25)) return surname + first;
  // Repeated characters (婷婷, 晶晶) are common in women's names, rare in men's.
  if (gender === 'F' && random.chance(0.05)) return surname + first + first;
  let second = random.pick(chars);
  while (second === first) second = random.pick(chars);
  return surname + first + second;
}

const tradeNames = [
  ...['山城', '渝发', '两江', '朝天门', '嘉陵', '长江', '巴渝', '南山', '缙云', '歌乐山'],
  ...['解放碑', '磁器口', '龙湖', '渝信', '华岩', '鹅岭', '洪崖', '渝新', '金佛山', '大足'],
];
const industries: ReadonlyArray<readonly [string, string]> = [
  ['餐饮管理', '有限公司'],
  ['建筑渣土运输', '有限公司'],
  ['物业管理', '有限公司'],
  ['商贸', '有限公司'],
  ['火锅', '有限公司'],
  ['建设工程', '有限公司'],
  ['物流', '有限公司'],
  ['信息技术', '有限公司'],
  ['环保科技', '股份有限公司'],
  ['农业开发', '有限公司'],
];

/** A fictional enterprise name in Chongqing's style, unique per index for small indexes. */
export function generateEnterpriseName(index: number, random: Random): string {
  const trade = tradeNames[index % tradeNames.length]!;
  const [industry, form] = industries[(index + random.int(industries.length)) % industries.length]!;
  const generation = Math.floor(index / tradeNames.length);
  return `重庆${trade}${generation > 0 ? String(generation + 1) : ''}${industry}${form}`;
}
