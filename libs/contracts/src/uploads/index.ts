export * from './uploads.contract.js';
export * from './room-files.contract.js';
