export * from './definitions/index.js';
export * from './settings-cache.js';
export * from './settings-cache.module.js';
