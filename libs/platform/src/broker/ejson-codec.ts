import type { Deserializer, Serializer } from '@nestjs/microservices';
import { parseEjson, stringifyEjson } from '../ejson/fast-ejson.js';

interface NatsMessage {
  string(): string;
}

/**
 * Encodes Nest's NATS packets as EJSON instead of JSON, so that Dates (and binary) survive the hop between
 * services exactly as they do on the DDP wire. One instance serves as serializer and deserializer on both
 * the client and the server side. EJSON's text and values, through the faster walks of fast-ejson.ts.
 */
export class EjsonNatsCodec implements Serializer, Deserializer {
  serialize(packet: unknown): { data: string; headers: undefined } {
    return { data: stringifyEjson(packet), headers: undefined };
  }

  deserialize(message: NatsMessage): unknown {
    return parseEjson(message.string());
  }
}

export const encodeEvent = (payload: unknown): string => stringifyEjson(payload);
export const decodeEvent = <T>(data: string): T => parseEjson(data) as T;
