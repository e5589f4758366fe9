import { afterEach, describe, expect, it } from '@jest/globals';
import type { MetricsService } from '@rc/platform';
import type { SettingsCache } from '@rc/settings';
import { Mailer } from './mailer.service.js';

const metrics = { counter: () => ({ inc: () => undefined }) } as unknown as MetricsService;

/** A mailer over settings that can change while it runs, and how often each setting was read. */
function mailerWith(settings: Record<string, unknown>) {
  const reads = new Map<string, number>();
  const cache = {
    get: (id: string) => {
      reads.set(id, (reads.get(id) ?? 0) + 1);
      return settings[id];
    },
  } as unknown as SettingsCache;
  return { mailer: new Mailer(cache, metrics), reads };
}

describe('Mailer.isConfigured', () => {
  const saved = { SMTP_HOST: process.env.SMTP_HOST, SMTP_Host: process.env.SMTP_Host };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('follows the SMTP settings as they change', () => {
    delete process.env.SMTP_HOST;
    delete process.env.SMTP_Host;
    const settings: Record<string, unknown> = { SMTP_Host: '', From_Email: 'chat@example.com' };
    const { mailer } = mailerWith(settings);
    expect(mailer.isConfigured()).toBe(false);
    settings.SMTP_Host = 'smtp.example.com';
    expect(mailer.isConfigured()).toBe(true);
    settings.From_Email = 'not an address';
    expect(mailer.isConfigured()).toBe(false);
  });

  it('lets the environment (upper case too) win over the setting, an empty variable counting as unset', () => {
    delete process.env.SMTP_Host;
    process.env.SMTP_HOST = 'smtp.example.com';
    const { mailer, reads } = mailerWith({ SMTP_Host: '', From_Email: 'chat@example.com' });
    expect(mailer.isConfigured()).toBe(true);
    expect(reads.get('SMTP_Host')).toBeUndefined();

    process.env.SMTP_HOST = '';
    const unset = mailerWith({ SMTP_Host: '', From_Email: 'chat@example.com' });
    expect(unset.mailer.isConfigured()).toBe(false);
    expect(unset.reads.get('SMTP_Host')).toBe(1);
  });

  it('reads the environment once: it does not change while the server runs', () => {
    process.env.SMTP_HOST = 'smtp.example.com';
    const { mailer } = mailerWith({ SMTP_Host: '', From_Email: 'chat@example.com' });
    expect(mailer.isConfigured()).toBe(true);
    delete process.env.SMTP_HOST;
    expect(mailer.isConfigured()).toBe(true);
  });
});
