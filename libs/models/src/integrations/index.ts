export * from './integration.schema.js';
export * from './integrations.repository.js';
export * from './integrations-data.module.js';
