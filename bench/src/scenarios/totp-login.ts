import { generateSync } from 'otplib';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { mapLimit } from '../measure/map-limit.js';
import { sustain, type LoginRate } from './login-storm.js';
import { BENCH_ENV, USER_PASSWORD, type Population } from './system.js';

const STEP_SECONDS = 30;
/** Steps a code may be ahead of now here: each user then has 2 × MAX_DELTA + 1 fresh codes per 30 s. */
const MAX_DELTA = 10;

export interface TotpLoginResult {
  bcryptRounds: number;
  /** Users with TOTP on (half the population); the other half logs in with the password alone. */
  totpUsers: number;
  maxDelta: number;
  /** REST `login` with `{user, password, code}`: password, then a code never used before. */
  totpLoginsRest: LoginRate;
  /** The same logins, same concurrency, for users without TOTP: the cost of the second factor is the difference. */
  passwordLoginsRest: LoginRate;
}

/** A user's authenticator: every code it shows is for a later time step than the last (the server takes each once). */
class Authenticator {
  private lastStep: number;
  constructor(
    readonly username: string,
    private readonly secret: string,
    usedStep: number,
  ) {
    this.lastStep = usedStep;
  }

  /** The next unused code within MAX_DELTA steps of now, or undefined when this user has none left right now. */
  next(stepsAhead = 0): string | undefined {
    const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const step = Math.max(now - MAX_DELTA + 1, this.lastStep + 1, now + stepsAhead);
    if (step > now + MAX_DELTA - 1) return undefined;
    this.lastStep = step;
    return generateSync({ secret: this.secret, epoch: step * STEP_SECONDS });
  }
}

/**
 * TOTP-verified logins per second (issue 19): half the users turn TOTP on (`users.enableTotp` +
 * `users.validateTotp`), then `concurrency` loops log them in over REST with a fresh code each time, for `seconds`;
 * the other half logs in with the password alone at the same concurrency, for comparison. `MaxDelta` is raised to
 * 10 for the run (restored after), so that each user has enough fresh codes: a code is accepted once.
 */
export async function runTotpLogins(admin: RestBenchClient, population: Population, seconds: number): Promise<TotpLoginResult> {
  const api = new RestBenchClient(admin.baseUrl);
  const half = Math.max(1, Math.floor(population.users.length / 2));
  const [withTotp, withoutTotp] = [population.users.slice(0, half), population.users.slice(half)];
  await admin.post('settings/Accounts_TwoFactorAuthentication_MaxDelta', { value: MAX_DELTA });
  try {
    const apps = await mapLimit(withTotp, 8, async (user) => {
      const client = api.as({ userId: user.userId, authToken: user.authToken });
      const { secret } = await client.post<{ secret: string }>('users.enableTotp', {});
      const step = Math.floor(Date.now() / 1000 / STEP_SECONDS);
      await client.post('users.validateTotp', { code: generateSync({ secret, epoch: step * STEP_SECONDS }) });
      return new Authenticator(user.username, secret, step);
    });
    // A code several steps ahead passes only once accounts reads the raised MaxDelta: check before measuring.
    const probe = apps[0];
    await api.post('login', { user: probe.username, password: USER_PASSWORD, code: probe.next(MAX_DELTA - 2) });

    let turn = 0;
    const nextLogin = (): { username: string; code: string } => {
      for (let tried = 0; tried < apps.length; tried++) {
        const app = apps[turn++ % apps.length];
        const code = app.next();
        if (code) return { username: app.username, code };
      }
      throw new Error('every TOTP user used all their codes for now');
    };
    const totpLoginsRest = await sustain(seconds, 16, async () => {
      const { username, code } = nextLogin();
      await api.post('login', { user: username, password: USER_PASSWORD, code });
    });
    const passwordLoginsRest = await sustain(seconds, 16, async (loop) => {
      await api.login(withoutTotp[(loop * 7919 + Math.floor(performance.now())) % withoutTotp.length].username, USER_PASSWORD);
    });
    return {
      bcryptRounds: Number(BENCH_ENV.BCRYPT_ROUNDS),
      totpUsers: apps.length,
      maxDelta: MAX_DELTA,
      totpLoginsRest,
      passwordLoginsRest,
    };
  } finally {
    await admin.post('settings/Accounts_TwoFactorAuthentication_MaxDelta', { value: 1 });
  }
}
