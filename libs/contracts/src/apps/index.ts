export * from './apps.contract.js';
