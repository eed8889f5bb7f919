import type { hotlineZh } from '../zh-CN/hotline.ts';

const messages = {
  title: '12319 city-management hotline',
  lookup: {
    title: 'Caller look-up',
    phone: 'Caller’s phone number',
    phoneRequired: 'Enter the caller’s phone number',
    purpose: 'Purpose',
    defaultPurpose: '12319 caller asking about earlier requests',
    auditNote: 'Looking a person up by phone number is recorded in the audit log',
    search: 'Look up',
    results: 'Earlier cases of {{phone}} ({{count}})',
    none: 'No earlier cases for this number',
    columns: { number: 'Case number', category: 'Kind', state: 'State', createdAt: 'Filed' },
  },
  file: {
    title: 'File a case for the caller',
    filed: 'Filed: case {{number}}',
    joined: 'Joined to case {{number}}',
  },
  drawer: {
    title: 'Case status',
    openRecord: 'Open the full record',
    actions: 'Work on it (call back …)',
  },
};

export const hotlineEn: typeof hotlineZh = messages;
