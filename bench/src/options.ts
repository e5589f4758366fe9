import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Concurrent DDP users in the chat load. */
  users: number;
  /** Rooms; users are spread evenly, `users / rooms` members each. */
  rooms: number;
  /** Messages per second, all senders together. */
  rate: number;
  /** Users posting at the base rate (spread over the rooms); more post at higher rates, each under Rocket.Chat's 5 sends/s limit. */
  senders: number;
  /** Seconds of measured load per chat run. */
  duration: number;
  /**
   * Seconds of load at the first run's rate before anything is measured (reported as the cold start). The default 5
   * measures a freshly started stack; a minute lets the database's JVM finish compiling the send path first.
   */
  warmUpSeconds: number;
  /** Idle authenticated connections opened on one gateway for the capacity figure. */
  idleConnections: number;
  /** Seconds of login storm. */
  loginSeconds: number;
  /** Seconds per step of the rate sweep, and the rate it stops at. */
  sweepSeconds: number;
  sweepMaxRate: number;
  /** The p99 a rate must hold to count as sustained in the sweep. */
  p99TargetMs: number;
  /** Which scenarios to run. */
  scenarios: Array<'populated' | 'baseline' | 'chat' | 'sweep' | 'scaleout' | 'capacity' | 'login' | 'totp' | 'large-room'>;
  /** The large-room scenario: members of its one room, and its messages per second. */
  largeRoomMembers: number;
  largeRoomRate: number;
  /** Size of the populated data set: 1 = 10,000 users, 1,000 rooms, 1,000,000 messages (100,000 in one room). */
  dataScale: number;
  /** With the populated scenario, the same figures on a fresh in-memory database too. */
  fresh: boolean;
  /** Chat users also listen to their desktop notifications (`<uid>/notification`), as Rocket.Chat's web client does. */
  desktopListeners: boolean;
  /** The local database of the non-populated scenarios: in memory (default), or a fresh H2 file as `npm start` keeps. */
  database: 'memory' | 'file';
  /** Use these servers instead of local ones (the same figures on a real MongoDB). */
  mongoUrl?: string;
  natsUrl?: string;
  /** Apps to run under `node --cpu-prof`; their profiles are summarised in the report. */
  profile: string[];
  /** Cores each app instance may use (a CPU limit per process, as a pod's); unlimited when unset. */
  instanceCpu?: number;
  outDir: string;
  preset: string;
}

const PRESETS: Record<string, Partial<BenchOptions>> = {
  /**
   * The configuration users run: the file-backed database holding a realistic data set, beside a fresh in-memory
   * one; the chat load of issue 6 (1,000 users in rooms of 20, 100 messages/s).
   */
  populated: {
    users: 1000,
    rooms: 50,
    rate: 100,
    senders: 50,
    duration: 30,
    scenarios: ['populated'],
  },
  /** Every other scenario at a small scale; finishes in a few minutes on a 2-core machine. */
  small: {
    users: 200,
    rooms: 10,
    rate: 20,
    senders: 10,
    duration: 20,
    idleConnections: 1000,
    loginSeconds: 10,
    sweepSeconds: 8,
    sweepMaxRate: 2560,
  },
  /** The targets of issue 6: 1,000 users in 50 rooms of 20, 100 messages/s. */
  large: {
    users: 1000,
    rooms: 50,
    rate: 100,
    senders: 50,
    duration: 60,
    idleConnections: 5000,
    loginSeconds: 20,
    sweepSeconds: 15,
    sweepMaxRate: 12800,
  },
};

const ALL_SCENARIOS: BenchOptions['scenarios'] = [
  'populated',
  'baseline',
  'chat',
  'sweep',
  'scaleout',
  'capacity',
  'login',
  'totp',
  'large-room',
];
const CLASSIC_SCENARIOS: BenchOptions['scenarios'] = ['baseline', 'chat', 'sweep', 'scaleout', 'capacity', 'login', 'totp'];

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: 'string', default: 'populated' },
      'data-scale': { type: 'string' },
      fresh: { type: 'string' },
      'desktop-listeners': { type: 'string' },
      database: { type: 'string', default: 'memory' },
      users: { type: 'string' },
      rooms: { type: 'string' },
      rate: { type: 'string' },
      senders: { type: 'string' },
      duration: { type: 'string' },
      'warm-up-seconds': { type: 'string' },
      'idle-connections': { type: 'string' },
      'login-seconds': { type: 'string' },
      'sweep-seconds': { type: 'string' },
      'sweep-max-rate': { type: 'string' },
      'p99-target': { type: 'string' },
      'large-room-members': { type: 'string' },
      'large-room-rate': { type: 'string' },
      scenarios: { type: 'string' },
      profile: { type: 'string' },
      'instance-cpu': { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
    },
    strict: true,
  });
  const preset = PRESETS[values.preset];
  if (!preset) throw new Error(`unknown preset ${values.preset} (known: ${Object.keys(PRESETS).join(', ')})`);
  const num = (value: string | undefined, fallback: number | undefined, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (n === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const scenarios = (values.scenarios?.split(',') ?? preset.scenarios ?? CLASSIC_SCENARIOS) as BenchOptions['scenarios'];
  for (const s of scenarios) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}`);
  const options: BenchOptions = {
    preset: values.preset,
    users: num(values.users, preset.users, 'users'),
    dataScale: num(values['data-scale'], 1, 'data-scale'),
    fresh: values.fresh !== 'false',
    desktopListeners: values['desktop-listeners'] === 'true',
    database: values.database as BenchOptions['database'],
    rooms: num(values.rooms, preset.rooms, 'rooms'),
    rate: num(values.rate, preset.rate, 'rate'),
    senders: num(values.senders, preset.senders, 'senders'),
    duration: num(values.duration, preset.duration, 'duration'),
    warmUpSeconds: num(values['warm-up-seconds'], 5, 'warm-up-seconds'),
    idleConnections: num(values['idle-connections'], preset.idleConnections ?? 1000, 'idle-connections'),
    loginSeconds: num(values['login-seconds'], preset.loginSeconds ?? 10, 'login-seconds'),
    sweepSeconds: num(values['sweep-seconds'], preset.sweepSeconds ?? 8, 'sweep-seconds'),
    sweepMaxRate: num(values['sweep-max-rate'], preset.sweepMaxRate ?? 2560, 'sweep-max-rate'),
    p99TargetMs: num(values['p99-target'], 100, 'p99-target'),
    largeRoomMembers: num(values['large-room-members'], 5000, 'large-room-members'),
    largeRoomRate: num(values['large-room-rate'], 10, 'large-room-rate'),
    scenarios,
    profile: values.profile?.split(',').filter(Boolean) ?? [],
    ...(values['instance-cpu'] !== undefined && { instanceCpu: num(values['instance-cpu'], undefined, 'instance-cpu') }),
    mongoUrl: process.env.MONGO_URL || undefined,
    natsUrl: process.env.NATS_URL || undefined,
    outDir: values.out,
  };
  if (!['memory', 'file'].includes(options.database)) throw new Error('--database must be memory or file');
  if (options.users % options.rooms !== 0) throw new Error('--users must be a multiple of --rooms');
  if (options.senders > options.users) throw new Error('--senders cannot exceed --users');
  return options;
}
