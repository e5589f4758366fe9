import type { Deserializer, Serializer } from '@nestjs/microservices';
import EJSON from 'ejson';

interface NatsMessage {
  string(): string;
}

/**
 * Encodes Nest's NATS packets as EJSON instead of JSON, so that Dates (and binary) survive the hop between
 * services exactly as they do on the DDP wire. One instance serves as serializer and deserializer on both
 * the client and the server side.
 */
export class EjsonNatsCodec implements Serializer, Deserializer {
  serialize(packet: unknown): { data: string; headers: undefined } {
    return { data: EJSON.stringify(packet), headers: undefined };
  }

  deserialize(message: NatsMessage): unknown {
    return EJSON.parse(message.string());
  }
}

export const encodeEvent = (payload: unknown): string => EJSON.stringify(payload);
export const decodeEvent = <T>(data: string): T => EJSON.parse(data) as T;
