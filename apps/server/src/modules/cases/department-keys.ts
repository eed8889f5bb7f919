// The kinds of body a city-management case can go to, and the municipal departments that are
// that body, by name (the first one found in the departments table wins). A case goes to the
// department's counterpart in the case's district when there is one (区城市管理局), else to the
// municipal body itself (utilities: 国网重庆电力, 重庆燃气集团, 重庆水务集团).

export interface DepartmentKey {
  key: string;
  labelZh: string;
  /** Municipal short names or full names, in order of preference. */
  names: readonly string[];
}

export const departmentKeys: readonly DepartmentKey[] = [
  { key: 'urban_management', labelZh: '城市管理', names: ['市城市管理局'] },
  // Chongqing's urban greening sits with the city-management bureau unless a 园林 body exists.
  { key: 'greening', labelZh: '园林绿化', names: ['市园林绿化局', '市园林局', '市城市管理局'] },
  { key: 'water', labelZh: '供排水', names: ['重庆水务集团', '市水利局'] },
  { key: 'water_resources', labelZh: '水利', names: ['市水利局'] },
  { key: 'gas', labelZh: '燃气', names: ['重庆燃气集团'] },
  { key: 'power', labelZh: '电力', names: ['国网重庆电力'] },
  { key: 'telecom', labelZh: '通信', names: ['市通信管理局'] },
  { key: 'postal', labelZh: '邮政', names: ['市邮政管理局'] },
  { key: 'transport', labelZh: '交通', names: ['市交通运输委', '市交通局'] },
  { key: 'traffic_police', labelZh: '交巡警', names: ['市交巡警总队', '市公安局'] },
  { key: 'public_security', labelZh: '公安', names: ['市公安局'] },
  { key: 'fire', labelZh: '消防救援', names: ['市消防救援总队'] },
  { key: 'environment', labelZh: '生态环境', names: ['市生态环境局'] },
  { key: 'construction', labelZh: '住房城乡建设', names: ['市住房城乡建委'] },
  { key: 'planning', labelZh: '规划自然资源', names: ['市规划自然资源局'] },
  { key: 'civil_affairs', labelZh: '民政', names: ['市民政局'] },
  { key: 'civil_defence', labelZh: '人防', names: ['市人防办'] },
  { key: 'sports', labelZh: '体育', names: ['市体育局'] },
  { key: 'market', labelZh: '市场监管', names: ['市市场监管局'] },
];

const byKey = new Map(departmentKeys.map((k) => [k.key, k]));

export const findDepartmentKey = (key: string) => byKey.get(key);

/** The names a municipal department may carry: 市城市管理局 is also 重庆市城市管理局. */
export const nameVariantsOf = (name: string) =>
  name.startsWith('市') ? [name, `重庆${name}`] : [name];
