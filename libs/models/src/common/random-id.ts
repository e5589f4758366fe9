import { randomInt } from 'node:crypto';

const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A Meteor-style id: 17 characters from the "unmistakable" alphabet, as Rocket.Chat's `Random.id()`. */
export function randomId(length = 17): string {
  let id = '';
  for (let i = 0; i < length; i++) id += UNMISTAKABLE[randomInt(UNMISTAKABLE.length)];
  return id;
}
