export * from './has-permission.contract.js';
export * from './authorization-changed.event.js';
