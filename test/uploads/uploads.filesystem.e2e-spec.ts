import { fileSystemBackend } from './support/backends.js';
import { describeUploadsOn } from './support/uploads-suite.js';

/** The upload suite on the file system (`FileUpload_FileSystemPath`: a temporary directory). */
describeUploadsOn('FileSystem', () => fileSystemBackend());
