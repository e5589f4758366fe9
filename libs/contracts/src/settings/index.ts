export * from './settings.contract.js';
export * from './settings-changed.event.js';
export * from './setup-wizard.contract.js';
export * from './client-settings.contract.js';
export * from './customizations.contract.js';
export * from './shield.contract.js';
