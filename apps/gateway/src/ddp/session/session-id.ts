import { randomInt } from 'node:crypto';

const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A DDP session id: 17 characters of Meteor's "unmistakable" alphabet, like Meteor's `Random.id()`. */
export function newSessionId(): string {
  let id = '';
  for (let i = 0; i < 17; i++) id += UNMISTAKABLE[randomInt(UNMISTAKABLE.length)];
  return id;
}
