import { describe, expect, it } from '@jest/globals';
import type { ISetting } from '@rc/contracts';
import type { ILoginServiceConfiguration, LoginServiceConfigurationsRepository, SettingsRepository, UsersRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { customOAuthSettings, type SettingsCache } from '@rc/settings';
import { LoginServiceConfigurations } from './login-service-configurations.js';

/** In-memory stand-ins for the repositories this one class uses (the e2e suite runs the real ones). */
function setup(values: Record<string, unknown>) {
  const settings: ISetting[] = customOAuthSettings('Keycloak').map((d) => ({
    ...d,
    value: d._id in values ? (values[d._id] as ISetting['value']) : d.packageValue,
    ts: new Date(),
    _updatedAt: new Date(),
  }));
  const documents = new Map<string, ILoginServiceConfiguration>();
  const published: string[] = [];
  const configurations = new LoginServiceConfigurations(
    { findAll: () => Promise.resolve(settings) } as unknown as SettingsRepository,
    {
      upsert: (service: string, data: Record<string, unknown>) => {
        documents.set(service, { _id: documents.get(service)?._id ?? `id-${service}`, ...documents.get(service), ...data, service });
        return Promise.resolve();
      },
      remove: (service: string) => Promise.resolve(documents.delete(service)),
      findAll: () => Promise.resolve([...documents.values()]),
      findByService: (service: string) => Promise.resolve(documents.get(service) ?? null),
    } as unknown as LoginServiceConfigurationsRepository,
    { get: () => 'https://chat.example.com/' } as unknown as SettingsCache,
    { publish: (_event: unknown, key: string) => published.push(key), subscribe: () => () => undefined } as unknown as EventBus,
    { ensureServiceIdIndex: () => Promise.resolve() } as unknown as UsersRepository,
  );
  return { configurations, documents, published, settings };
}

describe('LoginServiceConfigurations', () => {
  it("maps an enabled service's settings to Rocket.Chat's document and announces it", async () => {
    const { configurations, documents, published } = setup({
      'Accounts_OAuth_Custom-Keycloak': true,
      'Accounts_OAuth_Custom-Keycloak-id': 'client',
      'Accounts_OAuth_Custom-Keycloak-secret': 'shh',
      'Accounts_OAuth_Custom-Keycloak-url': 'https://idp.example.com',
      'Accounts_OAuth_Custom-Keycloak-merge_users': true,
    });
    await configurations.sync('Keycloak');
    expect(documents.get('keycloak')).toMatchObject({
      service: 'keycloak',
      custom: true,
      clientId: 'client',
      secret: 'shh',
      serverURL: 'https://idp.example.com',
      tokenPath: '/oauth/token',
      identityPath: '/me',
      authorizePath: '/oauth/authorize',
      scope: 'openid',
      loginStyle: 'popup',
      keyField: 'username',
      mergeUsers: true,
      showButton: true,
    });
    expect(published).toEqual(['keycloak']);
  });

  it('publishes no secret, and points the client at this server to start', async () => {
    const { configurations } = setup({ 'Accounts_OAuth_Custom-Keycloak': true, 'Accounts_OAuth_Custom-Keycloak-secret': 'shh' });
    await configurations.sync('Keycloak');
    const [view] = await configurations.publicList();
    expect(view).not.toHaveProperty('secret');
    expect(view.authorizePath).toBe('https://chat.example.com/_oauth/keycloak/authorize');
    expect(JSON.stringify(view)).not.toContain('shh');
  });

  it('removes the document of a disabled service', async () => {
    const { configurations, documents, settings } = setup({ 'Accounts_OAuth_Custom-Keycloak': true });
    await configurations.sync('Keycloak');
    settings.find((s) => s._id === 'Accounts_OAuth_Custom-Keycloak')!.value = false;
    await configurations.sync('Keycloak');
    expect(documents.size).toBe(0);
  });
});
