export * from './appeal-row.ts';
export * from './executor.ts';
export * from './feed.ts';
export * from './numbering.ts';
export * from './overdue.ts';
export * from './registry.ts';
export type * from './spec.ts';
export * from './steps.ts';
export * from './deadlines.ts';
