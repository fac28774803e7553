export * from './columns.ts';
export * from './kit.ts';
export * from './lists.ts';
export * from './bulk.ts';
export * from './loaders.ts';
export * from './resolvers.ts';
export * from './reach.ts';
