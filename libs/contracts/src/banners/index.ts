export * from './banner-fields.js';
export * from './banners.contract.js';
