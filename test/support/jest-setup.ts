import { jest } from '@jest/globals';

// End-to-end tests start whole stacks of processes: their hooks and tests get a generous timeout.
jest.setTimeout(90_000);
