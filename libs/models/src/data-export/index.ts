export * from './export-operation.schema.js';
export * from './export-operations.repository.js';
export * from './data-export-data.module.js';
