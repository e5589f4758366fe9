export * from './data-export.contract.js';
