export * from './bill';
export * from './destination';
export * from './mobile-operators';
export * from './pln-token';
export * from './supplier-reference';
export * from './supplier.port';
export * from './simulator/scenario';
export * from './simulator/simulator.supplier';
