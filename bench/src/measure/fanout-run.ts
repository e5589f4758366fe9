import { randomBytes } from 'node:crypto';
import type { FanoutClient } from '../clients/fanout-client.js';
import { LatencyRecorder, type LatencySummary } from './latency-recorder.js';

export interface FanoutRoom {
  id: string;
  /** The room's members; the first ones post. */
  members: FanoutClient[];
}

/**
 * Rocket.Chat limits `sendMessage` to 5 calls per second per user (DDP rate limiter); the load stays under it
 * by adding senders as the rate grows, so that what is measured is delivery, not the limiter.
 */
const MAX_RATE_PER_SENDER = 4;

export interface FanoutResult {
  offeredRate: number;
  durationSeconds: number;
  /** Every post, the lead-in's included (as are `errors`, `expectedDeliveries`, `delivered` and `lost`). */
  sent: number;
  acknowledged: number;
  errors: number;
  /** Deliveries expected: every acknowledged message to every other member of its room. */
  expectedDeliveries: number;
  delivered: number;
  /** Deliveries of acknowledged messages that never arrived (after a drain period). */
  lost: number;
  deliveriesPerSecond: number;
  /** From each message's scheduled send time to its arrival: what a client sending at this rate sees. */
  latencyMs: LatencySummary;
  /**
   * The same deliveries timed from the moment the post actually left (what this benchmark reported before): it
   * leaves out the time a post waited behind a busy load generator (coordinated omission).
   */
  fromActualSendMs: LatencySummary;
  /**
   * The deliveries of the lead-in's posts (`leadInSeconds`): the load rising from idle, kept apart from the figures
   * above (a machine whose cores sat idle pays each first wake-up several times over).
   */
  leadInMs?: LatencySummary;
  /** How late posts left against their schedule (the load generator's own stalls: GC, event loop). */
  sendLagMs: LatencySummary;
  /** The sender's wait for the server's answer to its post (`sendMessage`), from the moment it left. */
  ackMs: LatencySummary;
  distribution: Array<[number, number]>;
  deliveriesTimeline: Array<[number, number]>;
  /** When the slowest delivery arrived (seconds from the run's start) and its latency: where a stall ended. */
  slowestSecond?: { second: number; maxMs: number };
  firstErrors: string[];
}

interface InFlight {
  /** When the schedule said to post it: latencies are measured from here, so a stalled sender cannot hide a delay. */
  scheduledAt: number;
  /** Posted after the lead-in: its deliveries count in the figures. */
  measured: boolean;
  sentAt: number;
  sender: FanoutClient;
  waiting: Set<FanoutClient>;
  acknowledged: boolean;
}

const DRAIN_MS = 15_000;

/**
 * Message ids are the client's: unique per process, so that a run on a database kept from an earlier one (the
 * populated benchmark) does not resend an id already stored, which the server answers without a new delivery.
 */
const RUN_ID = randomBytes(4).toString('hex');

/**
 * Posts at a fixed total rate for a while, round-robin over the senders, and measures for every delivery the
 * time from the post's scheduled moment (start + n / rate) to its arrival at each other member (all clocks are
 * this process's). Timing from the scheduled moment, not from when the post actually left, is what makes a
 * stall of the load generator itself (GC, a burst of deliveries to decode) count as the delay a client sees.
 * With `leadInSeconds`, the load first runs that long at the rate unmeasured (its deliveries still checked for
 * loss and its errors counted), so that the figures are those of the rate sustained, not of the rise from idle.
 */
export async function runFanout(
  rooms: FanoutRoom[],
  rate: number,
  durationSeconds: number,
  tag: string,
  minSendersPerRoom = 1,
  leadInSeconds = 0,
): Promise<FanoutResult> {
  const latency = new LatencyRecorder();
  const leadIn = new LatencyRecorder();
  const fromActualSend = new LatencyRecorder();
  const sendLag = new LatencyRecorder();
  const ack = new LatencyRecorder();
  const inFlight = new Map<string, InFlight>();
  const perRoom = Math.max(minSendersPerRoom, Math.ceil(rate / rooms.length / MAX_RATE_PER_SENDER));
  // Interleaved by room, so that consecutive posts go to different rooms.
  const senders = Array.from({ length: perRoom }, (_, k) =>
    rooms.flatMap((room) => (room.members[k] ? [{ sender: room.members[k], room }] : [])),
  ).flat();
  let delivered = 0;
  let measuredDelivered = 0;
  let lastDeliveryAt = 0;

  for (const room of rooms) {
    for (const member of room.members) {
      member.onMessage = (id) => {
        const entry = inFlight.get(id);
        if (!entry || !entry.waiting.delete(member)) return; // not ours, the sender's echo, or a duplicate
        const now = performance.now();
        delivered++;
        if (entry.measured) {
          latency.record(now - entry.scheduledAt);
          fromActualSend.record(now - entry.sentAt);
          measuredDelivered++;
          lastDeliveryAt = now;
        } else {
          leadIn.record(now - entry.scheduledAt);
        }
      };
    }
  }

  let sent = 0;
  let acknowledged = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const acks: Promise<void>[] = [];
  const started = performance.now();
  const firstMeasured = Math.floor(leadInSeconds * rate);
  const totalSeconds = leadInSeconds + durationSeconds;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      // Message n is scheduled at n / rate: due once that moment passed (counting only the messages whose moment had
      // fully passed sent each one a whole interval late, 50 ms at 20 msg/s, and counted it in every latency).
      const due = Math.min(Math.floor(elapsed * rate) + 1, Math.floor(totalSeconds * rate));
      while (sent < due) {
        const { sender, room } = senders[sent % senders.length];
        const id = `${tag}${RUN_ID}${sent.toString(36)}`;
        const scheduledAt = started + (sent * 1000) / rate;
        const sentAt = performance.now();
        const measured = sent >= firstMeasured;
        if (measured) sendLag.record(sentAt - scheduledAt);
        const entry: InFlight = {
          scheduledAt,
          measured,
          sentAt,
          sender,
          waiting: new Set(room.members.filter((m) => m !== sender)),
          acknowledged: false,
        };
        inFlight.set(id, entry);
        sent++;
        acks.push(
          sender.post(room.id, id).then(
            () => {
              if (measured) ack.record(performance.now() - sentAt);
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
      if (elapsed >= totalSeconds) {
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
  const windowSeconds = Math.max((lastDeliveryAt - started) / 1000 - leadInSeconds, durationSeconds);
  return {
    offeredRate: rate,
    durationSeconds,
    sent,
    acknowledged,
    errors,
    expectedDeliveries,
    delivered,
    lost: remaining(),
    deliveriesPerSecond: Math.round(measuredDelivered / windowSeconds),
    latencyMs: latency.summary(),
    fromActualSendMs: fromActualSend.summary(),
    ...(firstMeasured > 0 && { leadInMs: leadIn.summary() }),
    sendLagMs: sendLag.summary(),
    ackMs: ack.summary(),
    distribution: latency.distribution(),
    deliveriesTimeline: latency.timeline(),
    slowestSecond: latency.slowestSecond(),
    firstErrors,
  };
}
