// Jest in ESM mode (Nest 12 ships ES modules only): run through `node --experimental-vm-modules`.
const moduleNameMapper = {
  '^@rc/(contracts|models|platform|local-stack|realtime|permissions|file-storage|settings|mailer)$': '<rootDir>/libs/$1/src/index.ts',
  // Sources import siblings as `./x.js` (Node ESM); Jest resolves the `.ts` file.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
};

const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,tools,docker}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
  ],
};
