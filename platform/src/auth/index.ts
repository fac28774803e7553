export * from './access.ts';
export * from './identity.ts';
export * from './personal-data.ts';
export * from './tables.ts';
export * from './upstream-token.ts';
export * from './demo-staff.ts';
