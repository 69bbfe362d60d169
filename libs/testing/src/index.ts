/*
 * What the tests of every lib and the end-to-end tests share: the given/when/then specs of deciders
 * and decoders, sample products, one order's story as the auditors' tests read it, orders written
 * through the order decider at a time of the test's choosing, test keys and the
 * test machine's settings. Test code only: no app or lib source imports it.
 */
export * from './decider-spec';
export * from './decoder-spec';
export * from './fullest-data';
export * from './products';
export * from './test-keys';
export * from './test-machine';
export * from './order-story';
export * from './stored-events';
export * from './order-commands';
export * from './eventually';
export * from './scripted-supplier';
