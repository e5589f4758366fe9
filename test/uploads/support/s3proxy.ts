import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, repoRoot, spawnManaged, waitFor, type ManagedProcess } from '@rc/local-stack';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** S3Proxy's jar, fetched from Maven Central by scripts/setup.mjs. */
export const S3PROXY_JAR = join(repoRoot, '.local/s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar');

/**
 * A real S3-compatible server for the tests: S3Proxy (the S3 API over jclouds' filesystem storage), on a free
 * port, its buckets in a temporary directory, one access key, AWS signatures V2 and V4 checked.
 */
const CREDENTIALS = { accessKeyId: 'rocketnest', secretAccessKey: 'rocketnest-secret-key' };

export class S3Proxy {
  readonly credentials = CREDENTIALS;

  private constructor(
    private readonly java: ManagedProcess,
    private readonly directory: string,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<S3Proxy> {
    if (!existsSync(S3PROXY_JAR)) throw new Error(`${S3PROXY_JAR} is missing: run node scripts/setup.mjs`);
    const directory = await mkdtemp(join(tmpdir(), 'rocket-nest-s3proxy-'));
    const basedir = join(directory, 'buckets');
    await mkdir(basedir);
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const properties = join(directory, 's3proxy.properties');
    await writeFile(
      properties,
      [
        `s3proxy.endpoint=${endpoint}`,
        's3proxy.authorization=aws-v2-or-v4',
        `s3proxy.identity=${CREDENTIALS.accessKeyId}`,
        `s3proxy.credential=${CREDENTIALS.secretAccessKey}`,
        'jclouds.provider=filesystem',
        `jclouds.filesystem.basedir=${basedir}`,
        '',
      ].join('\n'),
    );
    const java = spawnManaged('s3proxy', 'java', ['-jar', S3PROXY_JAR, '--properties', properties], {
      env: process.env,
      logFile: join(directory, 's3proxy.log'),
    });
    const server = new S3Proxy(java, directory, endpoint);
    const client = server.client();
    try {
      await waitFor(
        async () => {
          await client.send(new CreateBucketCommand({ Bucket: 'readiness-probe' }));
          return true;
        },
        { timeoutMs: 90_000, intervalMs: 300, describe: () => `S3Proxy on ${endpoint}` },
      );
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      client.destroy();
    }
    return server;
  }

  client(): S3Client {
    return new S3Client({ region: 'us-east-1', endpoint: this.endpoint, forcePathStyle: true, credentials: this.credentials });
  }

  async createBucket(bucket: string): Promise<void> {
    const client = this.client();
    await client.send(new CreateBucketCommand({ Bucket: bucket })).finally(() => client.destroy());
  }

  async stop(): Promise<void> {
    await this.java.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}
