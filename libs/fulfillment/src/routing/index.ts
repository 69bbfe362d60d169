export * from './supplier-router';
export * from './route-order';
export * from './supplier-health';
export * from './routed.supplier';
