export * from './product';
export * from './product.events';
export * from './product.errors';
export * from './product.decider';
export * from './catalog-file';
export * from './catalog-diff';
export * from './catalog-import';
export * from './product-status-notice';
