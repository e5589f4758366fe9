import { randomInt } from 'node:crypto';

/** Letters and digits without the look-alikes (0/O, 1/l/I), so the password can be read off a console. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/];

/**
 * A password for the first administrator when ADMIN_PASS is unset: 24 characters drawn uniformly by the CSPRNG
 * from 57 (about 140 bits), with a lower-case letter, an upper-case letter and a digit, so that it also meets
 * Rocket.Chat's password policy rules when an administrator turns them on.
 */
export function generateAdminPassword(length = 24): string {
  for (;;) {
    const password = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (CLASSES.every((pattern) => pattern.test(password))) return password;
  }
}
