import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import type { StreamEvent } from '../streams/stream-events.js';

/**
 * `livechat-inquiry-queue-observer`: eventName `public` (inquiries without a department) or
 * `department/<id>`, args `[{...inquiry, clientAction}]`; keyed by the event name.
 */
export const livechatInquiryQueueEvent = defineEvent({ name: 'stream.livechat-inquiry', payload: as<StreamEvent>() });

/** `stream-livechat-room` `<rid>`: `{type: 'agentData' | 'visitorData' | 'queueData' | 'agentStatus', …}`; keyed by room. */
export const livechatRoomEvent = defineEvent({ name: 'stream.livechat-room', payload: as<StreamEvent>() });

export const LIVECHAT_STREAMS = {
  inquiryQueue: 'livechat-inquiry-queue-observer',
  room: 'stream-livechat-room',
} as const;
