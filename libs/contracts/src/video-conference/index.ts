export * from './video-conference.contract.js';
