export * from './voip.typings.js';
export * from './voip.contract.js';
