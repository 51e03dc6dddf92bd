/** Unit tests are pure; integration tests share one lab DC started in globalSetup. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/lab/global-setup.ts',
  globalTeardown: '<rootDir>/test/lab/global-teardown.ts',
  testTimeout: 60000,
  // One DC for the run, and "nothing was written" compares the whole directory: files run one at a time.
  maxWorkers: 1,
};
