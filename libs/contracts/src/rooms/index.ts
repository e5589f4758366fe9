export * from './membership-lifecycle.contract.js';
