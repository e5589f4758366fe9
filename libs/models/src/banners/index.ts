export * from './banner.schema.js';
export * from './banners.repository.js';
export * from './banners-data.module.js';
