import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Admin } from 'mongodb';
import { LocalMongo, Stack, repoRoot } from '@rc/local-stack';
import type { DatabaseDurability } from '../measure/database-commands.js';
import type { LatencySummary } from '../measure/latency-recorder.js';
import type { BenchOptions } from '../options.js';
import { openChatSession, type ChatResult } from '../scenarios/chat-load.js';
import { BENCH_ENV, type Population } from '../scenarios/system.js';
import { ddpUser, measureHistory, measureLogin, measureRoomOpen, measureSyncMessages, type SlowestCalls } from './client-figures.js';
import {
  HOME_ROOM_SIZE,
  bigRoom,
  dataSetShape,
  freshShape,
  generateDataSet,
  homeRoom,
  loginToken,
  membersByRoom,
  roomId,
  roomName,
  userId,
  username,
  type DataSetShape,
  type GenerationReport,
} from './data-set.js';

/** Figures of one configuration, each as a client sees it. */
export interface PopulatedFigures {
  database: string;
  /** From the first process started to every app ready. */
  startSeconds: number;
  send: ChatResult;
  history: LatencySummary & { pageSize: number; roomMessages: number; slowest: SlowestCalls };
  syncMessages?: LatencySummary & { updated: number };
  roomOpen: LatencySummary;
  login: LatencySummary;
  /** The database's own count of collection scans and documents examined over the figures after the send load. */
  queryStats: { scans: Array<{ ns: string; count: number; query?: string }>; documentsExamined: number };
  /** The file database's group commits since it started (sends, figures): writes, commits, their milliseconds. */
  durability?: DatabaseDurability;
  /** The database's commands per `loadHistory` call of the history figure, and the worker's time in them. */
  historyCommands?: Array<{ command: string; collection: string; perCall: number; workerMsPerCall: number }>;
  /** The file database across the send load (MVStore's own statistics, `rocketnestQueryStats.file`). */
  file?: { before: FileFigures; after: FileFigures; messages: number };
  errors: string[];
  loadAverage: number[];
}

/** The launcher's distribution of a duration (ms; 0.1 ms steps). */
export interface DurationSummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The launcher's figures of its file: size, chunks and how live they are, bytes written, compaction. */
export interface FileFigures {
  fileSize: number;
  fillRate: number;
  chunksFillRate: number;
  chunks: number;
  writeBytes: number;
  compactionSteps: number;
  compactionMillis: number;
  /** The compaction thread's CPU time (wall time on a loaded machine includes waits for a core). */
  compactionCpuMillis?: number;
  /** Steps ended early for a waiting group commit (since the start). */
  compactionYields?: number;
  /** How long each batch of page rewrites took (no store lock held), the most page bytes one covered, and the
   *  pages rewritten under the store lock (the store's own maps, one page a hold), since the start. */
  compactionBatch?: DurationSummary;
  compactionMaxBatchBytes?: number;
  compactionStoreLockedPages?: number;
}

export interface PopulatedResult {
  dataSet: DataSetShape & {
    dir: string;
    fileMb: number;
    generatedAt: string;
    /** How long this data set took to generate (it is generated once, then reused). */
    generation: GenerationReport;
    /** Starting the database alone on the file, up to its first answered query. */
    databaseStartSeconds: number;
  };
  populated: PopulatedFigures;
  fresh?: PopulatedFigures;
}

interface Meta {
  shape: DataSetShape;
  generatedAt: string;
  generation: GenerationReport;
}

const TOKEN_MAX_AGE_DAYS = 60;

/**
 * The figures after the send load call loadHistory & co. hundreds of times a minute from a few connections, far
 * beyond Rocket.Chat's per-connection and per-method allowances: those rules are off so that what is timed is the
 * server's answer, not the limiter's. `sendMessage`'s own rule (5/s per user) stays, and the load keeps under it.
 */
const FIGURES_ENV = {
  DDP_RATE_LIMIT_USER: '0/60000',
  DDP_RATE_LIMIT_CONNECTION: '0/60000',
  DDP_RATE_LIMIT_USER_BY_METHOD: '0/10000',
  DDP_RATE_LIMIT_CONNECTION_BY_METHOD: '0/10000',
};

/**
 * The populated benchmark: the system as `npm start` runs it (file-backed database) on a realistic data set
 * generated once into bench/data/, and the same figures on a fresh in-memory database beside it.
 */
export async function runPopulated(options: BenchOptions, logDir: string, log = console.log): Promise<PopulatedResult> {
  if (options.users / options.rooms !== HOME_ROOM_SIZE)
    throw new Error(`the populated benchmark's rooms hold ${HOME_ROOM_SIZE} users: --users must be ${HOME_ROOM_SIZE} × --rooms`);
  const shape = dataSetShape(options.dataScale, options.users);
  const dataSet = await ensureDataSet(shape, log);
  const result: PopulatedResult = { dataSet, populated: undefined as never };
  if (options.fresh) {
    log('[bench] fresh in-memory database…');
    result.fresh = await measureConfiguration('memory (fresh)', freshShape(options.users), options, join(logDir, 'fresh'), log);
  }
  log(`[bench] populated file database (${dataSet.fileMb} MB)…`);
  result.populated = await measureConfiguration('file (populated)', shape, options, join(logDir, 'populated'), log, dataSet.dir);
  return result;
}

async function ensureDataSet(shape: DataSetShape, log: (line: string) => void): Promise<PopulatedResult['dataSet']> {
  const dir = join(repoRoot, 'bench/data', `populated-${shape.users}u-${shape.messages}m`);
  const file = join(dir, 'db.mv');
  const metaFile = join(dir, 'meta.json');
  let meta = existsSync(metaFile) && existsSync(file) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as Meta) : undefined;
  // The users' stored login tokens expire (90 days): regenerate long before.
  if (meta && Date.now() - Date.parse(meta.generatedAt) > TOKEN_MAX_AGE_DAYS * 86_400_000) meta = undefined;
  if (!meta) {
    log(`[bench] generating the data set into ${dir} (once; reused by later runs)…`);
    rmSync(dir, { recursive: true, force: true });
    // No oplog: nothing watches a bulk load, and the oplog would double what is written.
    const mongo = await LocalMongo.start({ logDir: dir, file, oplog: false });
    const connection = await mongoose.createConnection(mongo.url('rocketchat')).asPromise();
    try {
      meta = { shape, generatedAt: new Date().toISOString(), generation: await generateDataSet(connection, shape, log) };
    } finally {
      await connection.close();
      await mongo.stop();
    }
    writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    log(`[bench] generated in ${meta.generation.seconds} s`);
  } else {
    log(`[bench] reusing the data set in ${dir} (generated ${meta.generatedAt} in ${meta.generation.seconds} s)`);
  }
  const began = performance.now();
  const mongo = await LocalMongo.start({ logDir: dir, file });
  const connection = await mongoose.createConnection(mongo.url('rocketchat')).asPromise();
  await connection.db!.collection('rocketchat_message').findOne({ rid: roomId(bigRoom(shape)) });
  const databaseStartSeconds = Math.round((performance.now() - began) / 100) / 10;
  await connection.close();
  await mongo.stop();
  return {
    ...shape,
    dir,
    fileMb: Math.round(statSync(file).size / 1e5) / 10,
    generatedAt: meta.generatedAt,
    generation: meta.generation,
    databaseStartSeconds,
  };
}

async function measureConfiguration(
  database: string,
  shape: DataSetShape,
  options: BenchOptions,
  logDir: string,
  log: (line: string) => void,
  dataDir?: string,
): Promise<PopulatedFigures> {
  const began = performance.now();
  const stack = await Stack.start({ env: { ...BENCH_ENV, ...FIGURES_ENV }, logDir, mongoFile: dataDir && join(dataDir, 'db.mv') });
  const startSeconds = Math.round((performance.now() - began) / 100) / 10;
  const connection = await mongoose.createConnection(stack.mongoUrl).asPromise();
  const admin = connection.db!.admin();
  const errors: string[] = [];
  const attempt = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      log(`[bench] ${database}: ${name} failed: ${(error as Error).message}`);
      errors.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  try {
    if (!dataDir) await generateDataSet(connection, shape, () => undefined);
    const gateway = stack.gatewayUrl();
    const loadRooms = options.users / HOME_ROOM_SIZE;
    const population: Population = {
      users: Array.from({ length: options.users }, (_, i) => ({
        username: username(i),
        userId: userId(i),
        authToken: loginToken(i),
        room: homeRoom(i),
      })),
      rooms: Array.from({ length: loadRooms }, (_, r) => ({ id: roomId(r), name: roomName(r) })),
    };

    log(`[bench] ${database}: sending, ${options.rate} msg/s for ${options.duration} s to ${options.users} users in ${loadRooms} rooms…`);
    const session = await openChatSession(stack, population, options, [gateway]);
    let send: ChatResult;
    const messageCount = () => connection.db!.collection('rocketchat_message').estimatedDocumentCount();
    const fileBefore = ((await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined))?.file ?? undefined) as
      FileFigures | undefined;
    const messagesBefore = await messageCount();
    const sendStartedAt = new Date();
    try {
      send = await session.run(options.rate, options.duration, 'p');
    } finally {
      await session.close();
    }

    const duringSend: Record<string, unknown> | undefined = await admin
      .command({ rocketnestQueryStats: 1, reset: true })
      .catch(() => undefined);
    // The users just disconnected: presence writes each one's status. The read figures wait until those writes are
    // done, so that they time the reads, not the reads queued behind a burst of commits (2 user updates per history
    // call at 1,000 users when they did not wait).
    const quietAfterSendSeconds = await waitForQuietDatabase(admin);
    log(`[bench] ${database}: the database was quiet ${quietAfterSendSeconds} s after the send load`);
    // History from the big room (the populated one); on a fresh database, from a room the send load filled.
    const historyRoom = shape.bigRoomMessages > 0 ? bigRoom(shape) : 0;
    const reader = membersByRoom(shape)[historyRoom][0];
    const ddp = await ddpUser(gateway, loginToken(reader));
    try {
      log(`[bench] ${database}: history, chat.syncMessages, room open, login…`);
      const roomMessages = await connection.db!.collection('rocketchat_message').countDocuments({ rid: roomId(historyRoom) });
      const commandsBefore = await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined);
      const history = await attempt('history', () => measureHistory(ddp, roomId(historyRoom), 200));
      const commandsAfter = await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined);
      const historyCommands = perCall(commandsBefore, commandsAfter, history?.count);
      const syncMessages = await attempt('chat.syncMessages', () =>
        measureSyncMessages(gateway, { userId: userId(reader), authToken: loginToken(reader) }, roomId(homeRoom(reader)), 100),
      );
      const readerRooms = membersByRoom(shape)
        .map((members, r) => (members.includes(reader) ? { id: roomId(r), name: roomName(r) } : undefined))
        .filter((room) => room !== undefined);
      const roomOpen = await attempt('room open', () => measureRoomOpen(ddp, readerRooms, 100));
      const login = await attempt('login', () =>
        measureLogin(
          gateway,
          Array.from({ length: 30 }, (_, k) => username((k * 37) % options.users)),
        ),
      );
      const stats = await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined);
      const sentMessages = await messageCount();
      if (dataDir) await forgetRunMessages(connection, population, sendStartedAt, log);
      return {
        database,
        startSeconds,
        send: send!,
        history: { ...(history ?? emptySummary()), pageSize: history?.pageSize ?? 0, roomMessages, slowest: history?.slowest ?? [] },
        syncMessages,
        roomOpen: roomOpen ?? emptySummary(),
        login: login ?? emptySummary(),
        queryStats: {
          scans: ((stats?.scans as PopulatedFigures['queryStats']['scans'] | undefined) ?? []).filter((s) => !s.ns.startsWith('local.')),
          documentsExamined: Number(stats?.documentsExamined ?? 0),
        },
        durability: duringSend?.durability as PopulatedFigures['durability'],
        historyCommands,
        file:
          fileBefore && duringSend?.file
            ? { before: fileBefore, after: duringSend.file as FileFigures, messages: sentMessages - messagesBefore }
            : undefined,
        errors,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      };
    } finally {
      ddp.close();
    }
  } finally {
    await connection.close();
    await stack.stop();
  }
}

/**
 * The data set is reused, and every run sends ~3,000 messages into the load rooms: left there, each later run's
 * "last hour" (`chat.syncMessages`, a room opened from its `ls`) would hold every earlier run's messages too and
 * grow with the runs of the hour. They are deleted once the figures are taken (the file's wear stays: that is real).
 */
async function forgetRunMessages(connection: Connection, population: Population, since: Date, log: (line: string) => void): Promise<void> {
  const { deletedCount } = await connection.db!.collection('rocketchat_message').deleteMany({
    rid: { $in: population.rooms.map((room) => room.id) },
    ts: { $gte: since },
  });
  log(`[bench] populated: the run's ${deletedCount} messages deleted from the data set`);
}

type CommandCounts = Array<{ command: string; collection: string; count: number; millis: number }>;

/** The commands a figure's calls made (`rocketnestQueryStats` read before and after them), per call. */
function perCall(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  calls: number | undefined,
): PopulatedFigures['historyCommands'] {
  const counts = (stats: Record<string, unknown> | undefined) => (stats?.commands as CommandCounts | undefined) ?? [];
  if (!after || !calls) return undefined;
  const earlier = new Map(counts(before).map((c) => [`${c.command} ${c.collection}`, c]));
  return counts(after)
    .map((c) => {
      const b = earlier.get(`${c.command} ${c.collection}`);
      return {
        command: c.command,
        collection: c.collection,
        perCall: Math.round(((c.count - (b?.count ?? 0)) * 100) / calls) / 100,
        workerMsPerCall: Math.round(((c.millis - (b?.millis ?? 0)) * 1000) / calls) / 1000,
      };
    })
    .filter((c) => c.perCall >= 0.01);
}

/**
 * Waits until the database served fewer than 5 writes in a second (at most 60 s), from `rocketnestQueryStats`'s
 * command counts; at once against a database without that command. Returns the seconds waited.
 */
async function waitForQuietDatabase(admin: Admin): Promise<number> {
  const writes = async () => {
    const stats = await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined);
    const commands = stats?.commands as CommandCounts | undefined;
    if (!commands) return undefined;
    return commands.filter((c) => /^(insert|update|delete|findAndModify)$/.test(c.command)).reduce((sum, c) => sum + c.count, 0);
  };
  const began = performance.now();
  let before = await writes();
  while (before !== undefined && performance.now() - began < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = (await writes()) ?? before;
    if (now - before < 5) break;
    before = now;
  }
  return Math.round((performance.now() - began) / 100) / 10;
}

const emptySummary = (): LatencySummary => ({ count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN });
