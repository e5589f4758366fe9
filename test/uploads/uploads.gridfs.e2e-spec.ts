import { gridFsBackend } from './support/backends.js';
import { describeUploadsOn } from './support/uploads-suite.js';

/** The upload suite on GridFS (the default storage), in the stack's own database. */
describeUploadsOn('GridFS', (probe) => Promise.resolve(gridFsBackend(probe.db)));
