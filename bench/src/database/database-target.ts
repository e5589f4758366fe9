import { LocalMongo } from '@rc/local-stack';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server to measure: the launcher started for the measurement, or one already running (another engine). */
export interface DatabaseTarget {
  mode: 'memory' | 'file' | 'external';
  /** The database process, whose CPU is measured. */
  pid: number | undefined;
  url(database: string): string;
  /** The launcher's file size in bytes (file mode); an external engine's files are measured by hand. */
  fileBytes(): number | undefined;
  stop(): Promise<void>;
}

export interface ExternalDatabase {
  url: string;
  pid: number;
}

/**
 * An external server to measure instead of the launcher: `MONGO_URL` and `--pid <its process id>` (its CPU is
 * what the measurements report, so the pid is required). Undefined when MONGO_URL is unset.
 */
export function externalDatabase(argv: readonly string[], env: NodeJS.ProcessEnv): ExternalDatabase | undefined {
  const url = env.MONGO_URL;
  if (!url) return undefined;
  const at = argv.indexOf('--pid');
  const pid = at >= 0 ? Number(argv[at + 1]) : Number.NaN;
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('MONGO_URL needs --pid <the database process id>: its CPU is what is measured');
  return { url, pid };
}

/** The same server's URL naming another database (a single-host URL: the path names the database, options stay). */
export function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Starts the launcher in `mode` (in a temporary directory removed by `stop`), or wraps the external server. */
export async function openTarget(mode: DatabaseTarget['mode'], external?: ExternalDatabase): Promise<DatabaseTarget> {
  if (mode === 'external') {
    if (!external) throw new Error('the external mode needs MONGO_URL and --pid');
    return {
      mode,
      pid: external.pid,
      url: (database) => urlForDatabase(external.url, database),
      fileBytes: () => undefined,
      // Not ours to stop: the server was running before the measurement.
      stop: () => Promise.resolve(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'database-target-'));
  const file = mode === 'file' ? join(dir, 'db.mv') : undefined;
  const mongo = await LocalMongo.start({ logDir: dir, file });
  return {
    mode,
    pid: mongo.pid,
    url: (database) => mongo.url(database),
    fileBytes: () => (file ? statSync(file).size : undefined),
    stop: async () => {
      await mongo.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
