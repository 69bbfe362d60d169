/** @type {import('jest').Config} */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@kios/(dana-protocol|event-store|catalog|ordering|fulfillment|projections|config|audit|testing)$':
      '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
  // Two at a time even on two cores (jest's default would be one): the end-to-end suites spend much
  // of their time waiting on the processes they start, and the run stays under ten minutes. Three
  // were slower (652 s against 608 on 2026-12-05): starting those processes is CPU, and it runs out.
  maxWorkers: 2,
  // Every kios process a run starts logs into one folder; the teardown scans it for leaked secrets.
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
};
