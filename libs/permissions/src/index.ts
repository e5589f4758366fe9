export * from './permissions.env.js';
export * from './permission-sources.js';
export * from './permission-table.js';
export * from './user-roles-cache.js';
export * from './permission-checker.js';
export * from './room-access.js';
export * from './permission-checks.module.js';
