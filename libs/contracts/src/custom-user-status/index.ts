export * from './custom-user-status.contract.js';
