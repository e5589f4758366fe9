import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { loginServicesChangedEvent, settingsChangedEvent, type ISetting, type LoginServiceView } from '@rc/contracts';
import { LoginServiceConfigurationsRepository, SettingsRepository, UsersRepository, type ILoginServiceConfiguration } from '@rc/models';
import { EventBus } from '@rc/platform';
import { CUSTOM_OAUTH_SETTING, customOAuthPrefix, SettingsCache } from '@rc/settings';

/** Sub-setting → field of the configuration document, as Rocket.Chat's `updateOAuthServices` maps them. */
const FIELDS: Record<string, string> = {
  id: 'clientId',
  secret: 'secret',
  url: 'serverURL',
  token_path: 'tokenPath',
  identity_path: 'identityPath',
  authorize_path: 'authorizePath',
  scope: 'scope',
  access_token_param: 'accessTokenParam',
  button_label_text: 'buttonLabelText',
  button_label_color: 'buttonLabelColor',
  login_style: 'loginStyle',
  button_color: 'buttonColor',
  token_sent_via: 'tokenSentVia',
  identity_token_sent_via: 'identityTokenSentVia',
  key_field: 'keyField',
  username_field: 'usernameField',
  email_field: 'emailField',
  name_field: 'nameField',
  avatar_field: 'avatarField',
  roles_claim: 'rolesClaim',
  groups_claim: 'groupsClaim',
  groups_channel_map: 'channelsMap',
  channels_admin: 'channelsAdmin',
  merge_users: 'mergeUsers',
  merge_users_distinct_services: 'mergeUsersDistinctServices',
  map_channels: 'mapChannels',
  merge_roles: 'mergeRoles',
  roles_to_sync: 'rolesToSync',
  show_button: 'showButton',
};

/** Server-side only: what the clients never see of a configuration. */
const PRIVATE_FIELDS = new Set(['secret']);

/**
 * `meteor_accounts_loginServiceConfiguration` from the `Accounts_OAuth_Custom-*` settings, as Rocket.Chat's
 * `updateOAuthServices`: an enabled service has its document, a disabled one none. Rebuilt at start and on
 * every change of one of its settings (`settings.changed`, from any core instance); each rebuild is announced
 * (`accounts.loginServicesChanged`) so the gateways refresh the `meteor.loginServiceConfiguration` subscribers.
 */
@Injectable()
export class LoginServiceConfigurations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LoginServiceConfigurations.name);
  private unsubscribe?: () => void;

  constructor(
    private readonly settingsRepository: SettingsRepository,
    private readonly configurations: LoginServiceConfigurationsRepository,
    private readonly settings: SettingsCache,
    private readonly events: EventBus,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.events.subscribe(settingsChangedEvent, '*', ({ _id: id }) => {
      // A new site address moves every custom service's published authorizePath.
      if (id === 'Site_Url') this.events.publish(loginServicesChangedEvent, 'Site_Url', { service: '' });
      const match = CUSTOM_OAUTH_SETTING.exec(id);
      if (match) void this.sync(match[1]).catch((error: unknown) => this.logger.error(`login service ${match[1]}: ${String(error)}`));
    });
    const names = new Set<string>();
    for (const setting of await this.settingsRepository.findAll()) {
      const match = CUSTOM_OAUTH_SETTING.exec(setting._id);
      if (match && !match[2]) names.add(match[1]);
    }
    for (const name of names) await this.sync(name);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Rebuilds one custom service's document from its settings (removed when disabled or gone). */
  async sync(name: string): Promise<void> {
    const prefix = customOAuthPrefix(name);
    const own = (await this.settingsRepository.findAll()).filter((s) => s._id === prefix || s._id.startsWith(`${prefix}-`));
    const byField = new Map<string, ISetting>(own.map((s) => [s._id.slice(prefix.length + 1), s]));
    const enabled = own.find((s) => s._id === prefix)?.value === true;
    const service = name.toLowerCase();
    if (enabled) {
      const data: Record<string, unknown> = { custom: true };
      for (const [field, key] of Object.entries(FIELDS)) {
        const setting = byField.get(field);
        if (setting) data[key] = setting.value ?? setting.packageValue;
      }
      await this.configurations.upsert(service, data);
      // Each login finds its user by `services.<service>.id`.
      await this.users.ensureServiceIdIndex(service);
    } else {
      await this.configurations.remove(service);
    }
    this.events.publish(loginServicesChangedEvent, service, { service });
  }

  /** The enabled service's whole configuration (with its secret), for the login flow. */
  find(service: string): Promise<ILoginServiceConfiguration | null> {
    return this.configurations.findByService(service);
  }

  /**
   * What the clients see (Meteor publishes the documents without `secret`). A custom service's
   * `authorizePath` is this server's `/_oauth/<service>/authorize`: Rocket.Chat's client sends the browser
   * there with its own state, and the server adds its state and PKCE challenge before the provider.
   */
  async publicList(): Promise<LoginServiceView[]> {
    const siteUrl = this.siteUrl();
    return (await this.configurations.findAll()).map((configuration) => {
      const view = Object.fromEntries(Object.entries(configuration).filter(([key]) => !PRIVATE_FIELDS.has(key))) as LoginServiceView;
      delete view._updatedAt;
      if (configuration.custom) view.authorizePath = `${siteUrl}/_oauth/${configuration.service}/authorize`;
      return view;
    });
  }

  siteUrl(): string {
    return this.settings.get<string>('Site_Url').replace(/\/+$/, '');
  }
}
