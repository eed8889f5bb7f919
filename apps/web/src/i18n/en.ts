import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: { name: 'CityGov digital governance platform', shortName: 'CityGov' },
  nav: {
    portal: 'Services',
    staff: 'Workbench',
    hotline: '12319 hotline',
    command: 'Command centre',
    supervision: 'Supervision',
    admin: 'Administration',
  },
  auth: {
    login: 'Log in',
    logout: 'Log out',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    demoHint: 'Demo accounts use the password demo, e.g. citizen1, clerk, handler.yuzhong, admin',
    welcome: 'Welcome, {{name}}',
  },
  common: {
    loading: 'Loading…',
    empty: 'Nothing here yet',
    retry: 'Retry',
    language: '中文',
    notifications: 'Messages',
  },
  errors: {
    bad_request: 'The request is malformed',
    validation_failed: 'Please check this field: {{field}}',
    unauthenticated: 'Please log in first',
    forbidden: 'You do not have permission to do this',
    csrf_failed: 'This page has expired; reload and try again',
    not_found: 'Not found',
    conflict: 'Conflicting operation; try again shortly',
    state_conflict: 'This action is not possible in the current state',
    idempotency_conflict: 'A repeated submission differs from the first',
    payload_too_large: 'The file or content is too large',
    unsupported_media_type: 'This file type is not accepted',
    locked: 'The account is locked; try again later',
    rate_limited: 'Too many requests; slow down',
    internal: 'Something went wrong; try again later',
    unavailable: 'The service is unavailable',
    network: 'Network connection failed',
  },
  home: {
    title: 'One network for services and city management',
    subtitle:
      'Government services, city management, construction waste, IoT, social assistance: one platform',
    status: 'Platform status',
    database: 'Database',
  },
};
