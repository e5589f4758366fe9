export * from './emoji-custom.contract.js';
