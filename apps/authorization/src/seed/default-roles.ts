import type { IRole } from '@rc/contracts';

/** Rocket.Chat's built-in roles (protected: they cannot be deleted). */
export const DEFAULT_ROLES: Array<Omit<IRole, '_updatedAt'>> = [
  { _id: 'admin', name: 'admin', scope: 'Users', description: 'Admin', protected: true },
  { _id: 'moderator', name: 'moderator', scope: 'Subscriptions', description: 'Moderator', protected: true },
  { _id: 'leader', name: 'leader', scope: 'Subscriptions', description: 'Leader', protected: true },
  { _id: 'owner', name: 'owner', scope: 'Subscriptions', description: 'Owner', protected: true },
  { _id: 'user', name: 'user', scope: 'Users', description: '', protected: true },
  { _id: 'bot', name: 'bot', scope: 'Users', description: '', protected: true },
  { _id: 'app', name: 'app', scope: 'Users', description: '', protected: true },
  { _id: 'guest', name: 'guest', scope: 'Users', description: '', protected: true },
  { _id: 'anonymous', name: 'anonymous', scope: 'Users', description: '', protected: true },
  { _id: 'livechat-agent', name: 'livechat-agent', scope: 'Users', description: 'Livechat Agent', protected: true },
  { _id: 'livechat-manager', name: 'livechat-manager', scope: 'Users', description: 'Livechat Manager', protected: true },
  { _id: 'livechat-monitor', name: 'livechat-monitor', scope: 'Users', description: 'Livechat Monitor', protected: true },
  { _id: 'federated-external', name: 'federated-external', scope: 'Users', description: '', protected: true },
];
