export * from './license.contract.js';
