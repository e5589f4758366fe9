export * from './core/phantom.js';
export * from './core/rpc-contract.js';
export * from './core/event-contract.js';
export * from './errors/error-code.js';
export * from './errors/domain-error.js';
