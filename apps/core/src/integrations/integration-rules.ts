import { DomainError, ErrorCode, OUTGOING_EVENTS, RETRY_DELAYS, type OutgoingIntegrationEvent } from '@rc/contracts';

/** What each outgoing event uses (Rocket.Chat's `outgoingEvents`). */
export const OUTGOING_EVENT_USES: Record<OutgoingIntegrationEvent, { channel: boolean; triggerWords: boolean; targetRoom: boolean }> = {
  sendMessage: { channel: true, triggerWords: true, targetRoom: false },
  fileUploaded: { channel: true, triggerWords: false, targetRoom: false },
  roomArchived: { channel: false, triggerWords: false, targetRoom: false },
  roomCreated: { channel: false, triggerWords: false, targetRoom: false },
  roomJoined: { channel: true, triggerWords: false, targetRoom: false },
  roomLeft: { channel: true, triggerWords: false, targetRoom: false },
  userCreated: { channel: false, triggerWords: false, targetRoom: true },
};

/** Channels an outgoing webhook may listen to without naming a room. */
export const SCOPED_CHANNELS = ['all_public_channels', 'all_private_groups', 'all_direct_messages'] as const;

export function isOutgoingEvent(event: string): event is OutgoingIntegrationEvent {
  return (OUTGOING_EVENTS as readonly string[]).includes(event);
}

/** Rocket.Chat's `parseCSV`: comma-separated, trimmed, empty entries dropped. */
export function parseCsv(value: string): string[] {
  return value
    .split(',')
    .map((one) => one.trim())
    .filter((one) => one !== '');
}

/** An incoming webhook's channels: each `#room` or `@user` (Rocket.Chat's messages). */
export function incomingChannels(channel: string): string[] {
  if (channel.trim() === '') throw new DomainError(ErrorCode.InvalidIntegrationChannel, 'Invalid channel');
  const channels = channel.split(',').map((one) => one.trim());
  for (const one of channels) {
    if (!['@', '#'].includes(one[0] ?? '')) throw new DomainError(ErrorCode.InvalidChannelStart, 'Invalid channel. Start with @ or #');
  }
  return channels;
}

/** An outgoing webhook's channels: `#room`, `@user` or a scope (`all_public_channels`, …); none for events without. */
export function outgoingChannels(event: OutgoingIntegrationEvent, channel: string | undefined): string[] {
  if (!OUTGOING_EVENT_USES[event].channel) return [];
  if (channel === undefined) throw new DomainError(ErrorCode.InvalidIntegrationChannel, 'Invalid Channel');
  const channels = parseCsv(channel);
  for (const one of channels) {
    if (!['@', '#'].includes(one[0] ?? '') && !(SCOPED_CHANNELS as readonly string[]).includes(one.toLowerCase())) {
      throw new DomainError(ErrorCode.InvalidChannelStart, 'Invalid channel. Start with @ or #');
    }
  }
  return channels;
}

/** The URLs an outgoing webhook calls: at least one, blanks dropped, http(s) only. */
export function outgoingUrls(urls: string[] | undefined): string[] {
  const kept = (urls ?? []).map((url) => url.trim()).filter((url) => url !== '');
  if (kept.length === 0) throw new DomainError(ErrorCode.InvalidUrls, 'Invalid URLs');
  for (const url of kept) {
    let parsed: URL;
    try {
      parsed = new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'));
    } catch {
      throw new DomainError(ErrorCode.InvalidUrls, 'Invalid URLs');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DomainError(ErrorCode.InvalidUrls, 'Invalid URLs');
  }
  return kept;
}

/**
 * Rocket.Chat's `_verifyRetryInformation`: with retries on, a positive count (4 by default) and a known delay
 * scheme (`powers-of-ten` by default); without, neither is kept.
 */
export function retryInformation(input: { retryFailedCalls?: boolean; retryCount?: number | string; retryDelay?: string }): {
  retryFailedCalls: boolean;
  retryCount?: number;
  retryDelay?: string;
} {
  if (!input.retryFailedCalls) return { retryFailedCalls: false };
  const count = Number.parseInt(String(input.retryCount ?? ''), 10);
  const delay = input.retryDelay?.trim() ? input.retryDelay.trim().toLowerCase() : 'powers-of-ten';
  if (!(RETRY_DELAYS as readonly string[]).includes(delay)) {
    throw new DomainError(ErrorCode.InvalidParams, "The integration's retryDelay setting is invalid.");
  }
  return { retryFailedCalls: true, retryCount: count > 0 ? Math.min(count, 10) : 4, retryDelay: delay };
}

/** How long the retry after `tries` failed calls waits (Rocket.Chat's schemes), in milliseconds. */
export function retryWait(retryDelay: string, tries: number): number {
  switch (retryDelay) {
    case 'powers-of-two':
      return 2 ** (tries + 1) * 1000;
    case 'increments-of-two':
      return (tries + 1) * 2 * 1000;
    default:
      // 0.1 s, 1 s, 10 s, 1 min 40 s, …
      return 10 ** (tries + 2);
  }
}

/**
 * The trigger word a message starts with (or contains, with `triggerWordAnywhere`); `undefined` when the
 * webhook has words and none matches, `''` when it has none (every message triggers it).
 */
export function matchTriggerWord(words: string[] | undefined, text: string, anywhere = false): string | undefined {
  if (!words || words.length === 0) return '';
  return words.find((word) => (anywhere ? text.includes(word) : text.startsWith(word)));
}
