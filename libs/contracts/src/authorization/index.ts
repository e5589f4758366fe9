export * from './has-permission.contract.js';
export * from './authorization-changed.event.js';
export * from './can-access-room.contract.js';
