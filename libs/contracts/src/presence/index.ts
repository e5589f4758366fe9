export * from './presence-status.js';
export * from './connections.contract.js';
export * from './status.contract.js';
export * from './instances.contract.js';
