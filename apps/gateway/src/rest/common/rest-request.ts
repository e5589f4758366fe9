import type { Actor, SelfUser } from '@rc/contracts';
import type { Request } from 'express';

/** An express request after the auth guard: the caller, when authenticated. */
export interface RestRequest extends Request {
  user?: SelfUser;
  actor?: Actor;
  /** The login token the caller used (X-Auth-Token). */
  authToken?: string;
}
