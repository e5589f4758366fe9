import { describe, expect, it } from '@jest/globals';
import { useStack } from '../support/stack.js';

describe('graceful shutdown', () => {
  // A slow bcrypt (cost 13, ~0.5 s per check) keeps a login in flight long enough to stop the service under it.
  const t = useStack({ appEnv: { accounts: { BCRYPT_ROUNDS: '13', ADMIN_USERNAME: 'slowadmin' } } });

  it('finishes the request in flight on SIGTERM, then exits', async () => {
    const [accounts] = t.stack.instances('accounts');
    const login = t.api.post('/api/v1/login', { user: 'slowadmin', password: 'admin-e2e-pass' });
    await new Promise((r) => setTimeout(r, 150));
    const stopped = t.stack.remove(accounts, 'stop');
    const { status, body } = await login;
    expect(status).toBe(200);
    expect(body.data.authToken).toEqual(expect.any(String));
    await stopped;
    // Nest re-raises the signal once its shutdown has completed: the process ends by SIGTERM, not by SIGKILL.
    expect(await accounts.process.exited).toBe('SIGTERM');
  });
});
