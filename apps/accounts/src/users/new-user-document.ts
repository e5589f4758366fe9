import type { IUser } from '@rc/contracts';
import { randomId } from '@rc/models';

type Defaulted = '_id' | '_updatedAt' | 'createdAt' | 'type' | 'status' | 'statusConnection' | 'utcOffset' | 'active' | 'settings';

/** What every new account is born with, whichever way it comes (created, registered, seeded, LDAP, OAuth). */
export function newUserDocument(user: Omit<IUser, Defaulted> & Partial<Pick<IUser, 'active' | 'settings'>>): Omit<IUser, '_updatedAt'> {
  return {
    _id: randomId(),
    createdAt: new Date(),
    type: 'user',
    active: true,
    status: 'offline',
    statusConnection: 'offline',
    utcOffset: 0,
    settings: {},
    ...user,
  };
}
