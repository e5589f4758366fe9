export * from './search.contract.js';
