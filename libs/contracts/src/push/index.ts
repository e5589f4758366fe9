export * from './push.contract.js';
