/** The Rocket.Chat version whose protocols this server speaks; clients gate features on it. */
export const COMPATIBLE_VERSION = '7.10.0';

/** The oldest client versions this server supports (Rocket.Chat's `minimumClientVersions`). */
export const MINIMUM_CLIENT_VERSIONS = { desktop: '3.9.6', mobile: '4.39.0' };

export const BUILD_INFO = {
  version: COMPATIBLE_VERSION,
  build: { nodeVersion: process.version, arch: process.arch, platform: process.platform, date: new Date().toISOString() },
  marketplaceApiVersion: '1.0.0',
  commit: {},
};
