import { SetMetadata } from '@nestjs/common';
import type { AuthMode } from '@rc/contracts';

export const AUTH_MODE = 'rest:auth-mode';

/** No credentials needed (login, info). Hand-written endpoints without a marker require them. */
export const Public = () => SetMetadata(AUTH_MODE, 'none' satisfies AuthMode);

/** Credentials used when present, not required (`/api/info` shows more to privileged callers). */
export const OptionalAuth = () => SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode);
