import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';

/** TOTP as authenticator apps compute it (RFC 6238: SHA-1, 6 digits, 30-second steps), through otplib. */
export const TOTP_PERIOD_SECONDS = 30;
/** Rocket.Chat's backup codes: 12 of 8 characters (Meteor's `Random.id` alphabet: no look-alike characters). */
const BACKUP_CODE_COUNT = 12;
const BACKUP_CODE_LENGTH = 8;
const BACKUP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
const TOTP_TOKEN = /^\d{6}$/;

/** A new secret: 20 random bytes, base32 (what the QR code carries and Rocket.Chat stores). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URL an authenticator app scans, labelled as Rocket.Chat labels it. */
export function otpauthUrl(secret: string, username: string): string {
  return generateURI({ issuer: 'Rocket.Chat', label: username, secret });
}

/**
 * The time step a 6-digit code matches within `maxDelta` steps of now (Rocket.Chat's
 * `Accounts_TwoFactorAuthentication_MaxDelta`), or undefined. Only a step later than `afterTimeStep` counts:
 * a code, or an older one, is not accepted twice.
 */
export function matchTotp(secret: string, token: string, maxDelta: number, afterTimeStep?: number, now = Date.now()): number | undefined {
  if (!TOTP_TOKEN.test(token)) return undefined;
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: Math.max(0, maxDelta) * TOTP_PERIOD_SECONDS,
    ...(afterTimeStep !== undefined && { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Whether the code has a backup code's shape (Rocket.Chat tells them apart by length). */
export function isBackupCodeShape(code: string): boolean {
  return code.length === BACKUP_CODE_LENGTH;
}

/** How a backup code is stored: its SHA-256 hex digest, as Rocket.Chat (Meteor's `SHA256`). */
export function hashBackupCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** New backup codes, in clear (shown once) and hashed (stored). */
export function newBackupCodes(): { codes: string[]; hashedCodes: string[] } {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () =>
    Array.from({ length: BACKUP_CODE_LENGTH }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]).join(''),
  );
  return { codes, hashedCodes: codes.map(hashBackupCode) };
}
