export * from './email-strings.js';
export * from './mailer.module.js';
export * from './mailer.service.js';
export * from './templating.js';
