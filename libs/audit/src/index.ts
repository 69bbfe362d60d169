export * from './audit-time';
export * from './event-facts';
export * from './order-history';
export * from './history-format';
export * from './order-state-at';
export * from './order-state-format';
export * from './chain-audit';
