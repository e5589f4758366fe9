import type { InboundEvents } from '@rc/platform';

type Handler = (payload: unknown, key: string) => void;

/** An `InboundEvents` that keeps each subscription's handler under `<event name>.<key>`, for a spec to call. */
export function fakeInboundEvents(): { events: InboundEvents; handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  const events = {
    subscribe: (event: { name: string }, key: string, handler: Handler) => {
      handlers.set(`${event.name}.${key}`, handler);
      return () => handlers.delete(`${event.name}.${key}`);
    },
  } as unknown as InboundEvents;
  return { events, handlers };
}
