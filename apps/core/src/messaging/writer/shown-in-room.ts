import type { IMessage } from '@rc/contracts';

/** A thread reply shows in its room (counts there, can be its last message) only when sent to the channel too (`tshow`). */
export const shownInRoom = (message: Pick<IMessage, 'tmid' | 'tshow'>): boolean => !message.tmid || message.tshow === true;
