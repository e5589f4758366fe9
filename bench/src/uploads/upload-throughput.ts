import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Stack } from '@rc/local-stack';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

const MB = 1024 * 1024;
const BOUNDARY = 'rocketnestbenchboundary';

type Auth = { userId: string; authToken: string };

interface Figure {
  value: number;
  unit: string;
  /** 1-minute load average of the machine when the figure was taken (shared with other jobs). */
  load: number;
}
const figure = (value: number, unit: string): Figure => ({
  value: Math.round(value * 10) / 10,
  unit,
  load: Math.round(loadavg()[0] * 10) / 10,
});

/** POSTs a multipart body of `size` bytes to rooms.media, written from one 1 MB buffer: nothing large in this process either. */
function upload(baseUrl: string, rid: string, auth: Auth, size: number, name: string, type = 'application/octet-stream', body?: Buffer) {
  return new Promise<{ fileId: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const req = request(new URL(`/api/v1/rooms.media/${rid}`, baseUrl), {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'transfer-encoding': 'chunked',
        'x-user-id': auth.userId,
        'x-auth-token': auth.authToken,
      },
    });
    req.on('error', reject);
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString()) as { file?: { _id: string }; error?: string };
        if (!answer.file) reject(new Error(`upload refused: ${JSON.stringify(answer)}`));
        else resolve({ fileId: answer.file._id, ms: performance.now() - started });
      });
    });
    req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
    const block = randomBytes(MB);
    let sent = 0;
    const pump = () => {
      if (body) {
        req.write(body);
        sent = size;
      }
      while (sent < size) {
        const chunk = block.subarray(0, Math.min(MB, size - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(`\r\n--${BOUNDARY}--\r\n`);
    };
    pump();
  });
}

/** GETs a file, reading and dropping the body; time to first byte and to the last. */
async function download(baseUrl: string, fileId: string, auth: Auth): Promise<{ ttfbMs: number; ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/file-upload/${fileId}/x`, {
    headers: { 'x-user-id': auth.userId, 'x-auth-token': auth.authToken },
  });
  if (!response.ok || !response.body) throw new Error(`download answered ${response.status}`);
  let ttfbMs = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) ttfbMs = performance.now() - started;
    bytes += (chunk as Uint8Array).length;
  }
  return { ttfbMs, ms: performance.now() - started, bytes };
}

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/**
 * `node dist/bench/src/main.js uploads [GridFS,FileSystem,AmazonS3] [endpoint,bucket,key,secret]`: per storage, a 100 MB
 * upload and download (MB/s), the gateway's peak RSS during 10 parallel 100 MB uploads against its RSS before,
 * and a thumbnail's time to first byte. Each figure carries the load average it was taken at.
 */
export async function measureUploads(backends: string[], s3?: { endpoint: string; bucket: string; key: string; secret: string }) {
  const stack = await Stack.start({ env: { ...BENCH_ENV, LOG_LEVEL: 'warn' } });
  const directory = await mkdtemp(join(tmpdir(), 'rocket-nest-bench-uploads-'));
  const results: Record<string, Record<string, Figure>> = {};
  try {
    const baseUrl = stack.gatewayUrl();
    const api = new RestBenchClient(baseUrl);
    const auth = await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const admin = api.as(auth);
    const set = (id: string, value: unknown) => admin.post(`settings/${id}`, { value });
    const { group } = await admin.post<{ group: { _id: string } }>('groups.create', { name: `bench-files-${Date.now()}` });
    const gatewayPid = stack.apps.get('gateway')![0].process.child.pid!;
    for (const backend of backends) {
      await set('FileUpload_Storage_Type', backend);
      if (backend === 'FileSystem') await set('FileUpload_FileSystemPath', directory);
      if (backend === 'AmazonS3' && s3) {
        for (const [id, value] of Object.entries({
          FileUpload_S3_Bucket: s3.bucket,
          FileUpload_S3_Region: 'us-east-1',
          FileUpload_S3_BucketURL: s3.endpoint,
          FileUpload_S3_ForcePathStyle: true,
          FileUpload_S3_AWSAccessKeyId: s3.key,
          FileUpload_S3_AWSSecretAccessKey: s3.secret,
          FileUpload_S3_Proxy_Uploads: true,
        }))
          await set(id, value);
      }
      const figures: Record<string, Figure> = {};
      const single = await upload(baseUrl, group._id, auth, 100 * MB, 'hundred.bin');
      figures.uploadMBps = figure(100 / (single.ms / 1000), 'MB/s');
      const read = await download(baseUrl, single.fileId, auth);
      figures.downloadMBps = figure(read.bytes / MB / (read.ms / 1000), 'MB/s');

      const before = rssMb(gatewayPid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gatewayPid))), 50);
      const started = performance.now();
      await Promise.all(Array.from({ length: 10 }, (_, i) => upload(baseUrl, group._id, auth, 100 * MB, `parallel-${i}.bin`)));
      clearInterval(sampler);
      figures.parallelUploadMBps = figure(1000 / ((performance.now() - started) / 1000), 'MB/s (10 × 100 MB)');
      figures.gatewayRssBeforeMb = figure(before, 'MB');
      figures.gatewayRssPeakMb = figure(peak, 'MB');

      const photo = await sharp({
        create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
      })
        .jpeg({ quality: 85 })
        .toBuffer();
      const stored = await upload(baseUrl, group._id, auth, photo.length, 'photo.jpg', 'image/jpeg', photo);
      figures.imageUploadWithThumbnailMs = figure(stored.ms, `ms (4000×3000 JPEG, ${(photo.length / MB).toFixed(1)} MB)`);
      const confirmed = await admin.post<{ message: { files: Array<{ _id: string }> } }>(
        `rooms.mediaConfirm/${group._id}/${stored.fileId}`,
        {},
      );
      const thumb = await download(baseUrl, confirmed.message.files[1]._id, auth);
      figures.thumbnailTtfbMs = figure(thumb.ttfbMs, 'ms');
      results[backend] = figures;
      console.log(backend, JSON.stringify(figures));
    }
  } finally {
    await stack.stop();
    await rm(directory, { recursive: true, force: true });
  }
  return results;
}
