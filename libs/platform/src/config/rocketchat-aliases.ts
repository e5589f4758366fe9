/**
 * Rocket.Chat's own environment names, read so that a Rocket.Chat microservices deployment's environment works
 * unchanged. Applied before validation: the result is the environment the app's schema sees, where each
 * variable came from (so an error names the variable the operator actually set), and lines worth logging.
 */
export interface AliasedEnvironment {
  env: Record<string, string>;
  /** Our variable → the Rocket.Chat variable its value was taken from. */
  origin: Record<string, string>;
  notices: string[];
}

/** Rocket.Chat's broker URL; Rocket.Chat's microservices take `nats://…` here, and so do we. */
const TRANSPORTER = 'TRANSPORTER';
/** Rocket.Chat tails the oplog when this is set; we read change streams on MONGO_URL instead. */
const MONGO_OPLOG_URL = 'MONGO_OPLOG_URL';

/**
 * `NATS_URL` wins over `TRANSPORTER` when both are set: it is this project's explicit name, and a value set
 * for us should not be overridden by one left over from a Rocket.Chat deployment.
 */
export function applyRocketChatAliases(present: Record<string, string>): AliasedEnvironment {
  const env = { ...present };
  const origin: Record<string, string> = {};
  const notices: string[] = [];

  const transporter = env[TRANSPORTER];
  if (transporter !== undefined) {
    if (env.NATS_URL === undefined) {
      env.NATS_URL = transporter;
      origin.NATS_URL = TRANSPORTER;
    } else if (env.NATS_URL !== transporter) {
      notices.push(`${TRANSPORTER} is ignored: NATS_URL is set and takes precedence`);
    }
  }

  if (env[MONGO_OPLOG_URL] !== undefined) {
    notices.push(`${MONGO_OPLOG_URL} is ignored: realtime events come from change streams on MONGO_URL, no oplog tailing`);
  }

  return { env, origin, notices };
}
