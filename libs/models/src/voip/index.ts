export * from './pbx-event.schema.js';
export * from './pbx-events.repository.js';
export * from './sip-credential.schema.js';
export * from './sip-credentials.repository.js';
export * from './voip-data.module.js';
export * from './voip-coordination.schema.js';
export * from './voip-coordination.repository.js';
