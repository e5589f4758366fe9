export * from './definitions/index.js';
export * from './registry/environment.js';
export * from './registry/registry.js';
export * from './registry/seed-documents.js';
export * from './settings-cache.js';
export * from './settings-cache.module.js';
export * from './page-size.js';
