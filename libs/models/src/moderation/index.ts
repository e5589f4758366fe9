export * from './moderation-report.schema.js';
export * from './moderation-reports.repository.js';
export * from './moderation-data.module.js';
