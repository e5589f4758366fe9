export * from './apps.schemas.js';
export * from './apps-data.module.js';
