export * from './uikit-trigger.schema.js';
export * from './uikit-triggers.repository.js';
export * from './uikit-data.module.js';
