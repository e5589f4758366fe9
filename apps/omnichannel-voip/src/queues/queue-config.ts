import { z } from 'zod';

/** A queue callers dial: its name, the number dialled, and the extensions that serve it (every assigned one when absent). */
export interface QueueDefinition {
  name: string;
  number: string;
  members?: string[];
  /** Seconds an agent's phone rings before the call goes back to the queue (Asterisk's queue `timeout`); 30 by default. */
  timeout?: number;
  /**
   * The omnichannel department (its id or name) the queue belongs to: only that department's agents take its calls,
   * and its rooms carry the department (`departmentId`).
   */
  department?: string;
}

/** How long an agent's phone rings for a call of the queue. */
export const ringTimeoutMs = (queue: QueueDefinition) => (queue.timeout ?? 30) * 1000;

const QueuesSchema = z.array(
  z.strictObject({
    name: z.string().trim().min(1).max(64),
    number: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.+-]{1,32}$/),
    members: z.array(z.string().trim().min(1).max(32)).max(1000).optional(),
    timeout: z.number().int().min(1).max(600).optional(),
    department: z.string().trim().min(1).max(128).optional(),
  }),
);

/**
 * The `VoIP_Queues` setting (JSON). A PBX like Asterisk keeps its queues in its own configuration; Kamailio has
 * none, so the service holds them. An unreadable value is no queue at all (every call is then refused as unknown),
 * reported through `error`.
 */
export function parseQueues(value: unknown): { queues: QueueDefinition[]; error?: string } {
  if (typeof value !== 'string' || !value.trim()) return { queues: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { queues: [], error: `VoIP_Queues is not JSON: ${(error as Error).message}` };
  }
  const result = QueuesSchema.safeParse(parsed);
  if (!result.success) return { queues: [], error: `VoIP_Queues: ${result.error.issues.map((issue) => issue.message).join('; ')}` };
  return { queues: result.data };
}
