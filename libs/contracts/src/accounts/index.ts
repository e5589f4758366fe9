export * from './self-user.js';
export * from './login.contract.js';
export * from './authenticate.contract.js';
export * from './logout.contract.js';
