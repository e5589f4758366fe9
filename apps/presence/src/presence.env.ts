import { baseEnv, databaseVars, portVar } from '@rc/platform';

export const presenceEnv = baseEnv.extend({ ...portVar(3103), ...databaseVars });
