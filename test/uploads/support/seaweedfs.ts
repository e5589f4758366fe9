import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, repoRoot, spawnManaged, waitFor, type ManagedProcess } from '@rc/local-stack';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** SeaweedFS's `weed`, built from the Go module proxy by scripts/setup.mjs. */
export const WEED = join(repoRoot, '.local/bin/weed');

/**
 * A real S3-compatible server for the tests: SeaweedFS (master, volume, filer and S3 gateway in one
 * process), on free ports, its data in a temporary directory, one access key.
 */
export class SeaweedFs {
  readonly credentials = { accessKeyId: 'rocketnest', secretAccessKey: 'rocketnest-secret-key' };

  private constructor(
    private readonly weed: ManagedProcess,
    private readonly directory: string,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<SeaweedFs> {
    if (!existsSync(WEED)) throw new Error(`${WEED} is missing: run node scripts/setup.mjs`);
    const directory = await mkdtemp(join(tmpdir(), 'rocket-nest-seaweedfs-'));
    // Every SeaweedFS server listens on its port and on port + 10000 (gRPC).
    const [master, volume, filer, s3] = [
      await freePort([0, 10_000]),
      await freePort([0, 10_000]),
      await freePort([0, 10_000]),
      await freePort([0, 10_000]),
    ];
    const [iceberg, lance, metrics] = [await freePort(), await freePort(), await freePort()];
    const config = join(directory, 's3.json');
    const credentials = { accessKeyId: 'rocketnest', secretAccessKey: 'rocketnest-secret-key' };
    await writeFile(
      config,
      JSON.stringify({
        identities: [
          {
            name: 'rocketnest',
            credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
            actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'],
          },
        ],
      }),
    );
    const weed = spawnManaged(
      'seaweedfs',
      WEED,
      [
        'server',
        '-ip=127.0.0.1',
        '-ip.bind=127.0.0.1',
        `-dir=${directory}`,
        `-master.port=${master}`,
        `-volume.port=${volume}`,
        `-filer.port=${filer}`,
        '-filer',
        '-s3',
        `-s3.port=${s3}`,
        `-s3.config=${config}`,
        // The S3 gateway's other listeners would take fixed default ports: free ones, as every other.
        `-s3.port.iceberg=${iceberg}`,
        `-s3.port.lance=${lance}`,
        `-metricsPort=${metrics}`,
        '-volume.max=5',
        '-master.volumeSizeLimitMB=256',
      ],
      { env: process.env, logFile: join(directory, 'weed.log') },
    );
    const endpoint = `http://127.0.0.1:${s3}`;
    const server = new SeaweedFs(weed, directory, endpoint);
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    try {
      await waitFor(
        async () => {
          await client.send(new CreateBucketCommand({ Bucket: 'readiness-probe' }));
          return true;
        },
        { timeoutMs: 90_000, intervalMs: 500, describe: () => `SeaweedFS's S3 gateway on ${endpoint}` },
      );
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      client.destroy();
    }
    return server;
  }

  async createBucket(bucket: string): Promise<void> {
    const client = new S3Client({ region: 'us-east-1', endpoint: this.endpoint, forcePathStyle: true, credentials: this.credentials });
    await client.send(new CreateBucketCommand({ Bucket: bucket })).finally(() => client.destroy());
  }

  async stop(): Promise<void> {
    await this.weed.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}
