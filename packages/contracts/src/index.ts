export * from './errors.ts';
export * from './auth.ts';
export * from './workflow.ts';
export * from './tasks.ts';
export * from './api-keys.ts';
export * from './services.ts';
export * from './org.ts';
export * from './people.ts';
