export * from './config.schema';
export * from './digiflazz-connection';
export * from './iak-connection';
export * from './supplier-settings';
export * from './audit-key';
