// The 12319 call-taker console.
export const hotlineZh = {
  title: '12319 城管热线受理',
  lookup: {
    title: '来电查询',
    phone: '来电号码',
    phoneRequired: '请输入来电号码',
    purpose: '查询事由',
    defaultPurpose: '12319 来电查询历史诉求',
    auditNote: '按号码查询属于个人信息查询，将记入审计日志',
    search: '查询',
    results: '来电 {{phone}} 的历史案件（{{count}} 件）',
    none: '该号码没有历史案件',
    columns: { number: '案件编号', category: '问题类型', state: '状态', createdAt: '登记时间' },
  },
  file: {
    title: '为来电人登记案件',
    filed: '已登记，案件编号 {{number}}',
    joined: '已并入案件 {{number}}',
  },
  drawer: { title: '案件状态', openRecord: '打开完整记录', actions: '办理（回访等）' },
};
