export * from './pbx-event.schema.js';
export * from './pbx-events.repository.js';
export * from './voip-agents.repository.js';
export * from './voip-rooms.repository.js';
export * from './voip-data.module.js';
