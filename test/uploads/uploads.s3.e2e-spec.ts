import { s3Backend } from './support/backends.js';
import { describeUploadsOn } from './support/uploads-suite.js';

/** The upload suite on S3: a real S3-compatible server (S3Proxy) started for the suite. */
describeUploadsOn('AmazonS3', () => s3Backend());
