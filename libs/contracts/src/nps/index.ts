export * from './nps.contract.js';
