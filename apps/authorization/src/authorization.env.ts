import { baseEnv, databaseVars, portVar } from '@rc/platform';

export const authorizationEnv = baseEnv.extend({ ...portVar(3102), ...databaseVars });
