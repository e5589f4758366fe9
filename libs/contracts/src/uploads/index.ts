export * from './uploads.contract.js';
