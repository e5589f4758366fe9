export * from './stream-hub-state.schema.js';
export * from './stream-hub-state.repository.js';
export * from './stream-hub-data.module.js';
