/**
 * The one value the runtime imports from the apps-engine's TypeScript sources (`definition/exceptions/
 * AppsEngineException.ts`), which the npm package does not ship: the package's compiled class instead, from
 * the same file the runtime's handlers `require` (so `instanceof` agrees).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../../../../node_modules/@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.js', import.meta.url);

export const { AppsEngineException } = createRequire(import.meta.url)(fileURLToPath(compiled)) as {
	AppsEngineException: typeof Error;
};
