export * from './nps.schema.js';
export * from './nps.repository.js';
export * from './nps-data.module.js';
