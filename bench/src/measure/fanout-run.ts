import type { FanoutClient } from '../clients/fanout-client.js';
import { LatencyRecorder, type LatencySummary } from './latency-recorder.js';

export interface FanoutRoom {
  id: string;
  members: FanoutClient[];
  /** Members that post (a subset of `members`). */
  senders: FanoutClient[];
}

export interface FanoutResult {
  offeredRate: number;
  durationSeconds: number;
  sent: number;
  acknowledged: number;
  errors: number;
  /** Deliveries expected: every acknowledged message to every other member of its room. */
  expectedDeliveries: number;
  delivered: number;
  /** Deliveries of acknowledged messages that never arrived (after a drain period). */
  lost: number;
  deliveriesPerSecond: number;
  latencyMs: LatencySummary;
  distribution: Array<[number, number]>;
  deliveriesTimeline: Array<[number, number]>;
  firstErrors: string[];
}

interface InFlight {
  sentAt: number;
  sender: FanoutClient;
  waiting: Set<FanoutClient>;
  acknowledged: boolean;
}

const DRAIN_MS = 15_000;

/**
 * Posts at a fixed total rate for a while, round-robin over the senders, and measures for every delivery the
 * time from the post to its arrival at each other member (all clocks are this process's).
 */
export async function runFanout(rooms: FanoutRoom[], rate: number, durationSeconds: number, tag: string): Promise<FanoutResult> {
  const latency = new LatencyRecorder();
  const inFlight = new Map<string, InFlight>();
  const senders = rooms.flatMap((room) => room.senders.map((sender) => ({ sender, room })));
  let delivered = 0;
  let lastDeliveryAt = 0;

  for (const room of rooms) {
    for (const member of room.members) {
      member.onMessage = (id) => {
        const entry = inFlight.get(id);
        if (!entry || !entry.waiting.delete(member)) return; // not ours, the sender's echo, or a duplicate
        const now = performance.now();
        latency.record(now - entry.sentAt);
        delivered++;
        lastDeliveryAt = now;
      };
    }
  }

  let sent = 0;
  let acknowledged = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const acks: Promise<void>[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(Math.floor(elapsed * rate), Math.floor(durationSeconds * rate));
      while (sent < due) {
        const { sender, room } = senders[sent % senders.length];
        const id = `${tag}${sent.toString(36)}`;
        const entry: InFlight = {
          sentAt: performance.now(),
          sender,
          waiting: new Set(room.members.filter((m) => m !== sender)),
          acknowledged: false,
        };
        inFlight.set(id, entry);
        sent++;
        acks.push(
          sender.post(room.id, id).then(
            () => {
              entry.acknowledged = true;
              acknowledged++;
            },
            (error: Error) => {
              errors++;
              if (firstErrors.length < 5) firstErrors.push(error.message);
              inFlight.delete(id);
            },
          ),
        );
      }
      if (elapsed >= durationSeconds) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(acks);

  const remaining = () => [...inFlight.values()].reduce((n, e) => n + (e.acknowledged ? e.waiting.size : 0), 0);
  const drainUntil = performance.now() + DRAIN_MS;
  while (remaining() > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));

  const expectedDeliveries = delivered + remaining();
  const windowSeconds = Math.max((lastDeliveryAt - started) / 1000, durationSeconds);
  return {
    offeredRate: rate,
    durationSeconds,
    sent,
    acknowledged,
    errors,
    expectedDeliveries,
    delivered,
    lost: remaining(),
    deliveriesPerSecond: Math.round(delivered / windowSeconds),
    latencyMs: latency.summary(),
    distribution: latency.distribution(),
    deliveriesTimeline: latency.timeline(),
    firstErrors,
  };
}
