import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '@rc/platform';
import type { Histogram } from 'prom-client';
import type { MeteorErrorJson } from '@rc/contracts';
import { z } from 'zod';
import { DdpRateLimiter } from '../rate-limit/ddp-rate-limiter.js';
import { MeteorError, invalidUser, isClientError, matchFailed, toMeteorError } from '../protocol/meteor-error.js';
import type { MethodContext, UserMethodContext } from './method-context.js';

interface MethodDefinitionBase<S extends z.ZodType<unknown[]>> {
  name: string;
  /** The method's arguments, checked before it runs (Meteor's `check`): a mismatch is `Match failed`. */
  params: S;
}

/** A DDP method: its name, its arguments' schema and what it does. Most need a logged-in caller. */
export type DdpMethod<S extends z.ZodType<unknown[]> = z.ZodType<unknown[]>> =
  | (MethodDefinitionBase<S> & { anonymous?: false; run(ctx: UserMethodContext, params: z.output<S>): unknown })
  | (MethodDefinitionBase<S> & { anonymous: true; run(ctx: MethodContext, params: z.output<S>): unknown });

/** Typed helper: infers the parameters from the schema. */
export const defineMethod = <S extends z.ZodType<unknown[]>>(method: DdpMethod<S>): DdpMethod<S> => method;

/** A method's arguments as a tuple; extra trailing arguments are ignored, as Meteor methods do. */
export function args(): z.ZodTuple<[], z.ZodUnknown>;
export function args<T extends readonly [z.ZodType, ...z.ZodType[]]>(...items: T): z.ZodTuple<T, z.ZodUnknown>;
export function args(...items: z.ZodType[]): z.ZodTuple<readonly z.ZodType[], z.ZodUnknown> {
  return z.tuple(items as [z.ZodType, ...z.ZodType[]], z.unknown());
}

/** Decides whether a caller is exempt from a method's own rate-limit rule (`send-many-messages`). */
export type RateLimitExemption = (ctx: MethodContext) => Promise<boolean>;

/**
 * Every DDP method the server knows, shared by the DDP sessions and REST `method.call`: looks the method up,
 * applies the rate limiter, checks the caller and the arguments, runs it.
 */
@Injectable()
export class MethodRegistry {
  private readonly logger = new Logger('DDP');
  private readonly methods = new Map<string, DdpMethod>();
  private readonly exemptions = new Map<string, RateLimitExemption>();
  private readonly durations: Histogram<'method' | 'outcome'>;

  constructor(
    private readonly rateLimiter: DdpRateLimiter,
    metrics: MetricsService,
  ) {
    this.durations = metrics.histogram('ddp_method_duration_seconds', 'DDP methods (and REST method.call)', ['method', 'outcome']);
  }

  register(...methods: DdpMethod<z.ZodType<unknown[]>>[]): void {
    for (const method of methods) {
      if (this.methods.has(method.name)) throw new Error(`DDP method ${method.name} registered twice`);
      this.methods.set(method.name, method);
    }
  }

  exemptFromOwnRateLimit(method: string, exemption: RateLimitExemption): void {
    this.exemptions.set(method, exemption);
  }

  has(name: string): boolean {
    return this.methods.has(name);
  }

  async invoke(ctx: MethodContext, name: string, params: unknown[]): Promise<unknown> {
    const method = this.methods.get(name);
    if (!method) throw new MeteorError(404, `Method '${name}' not found`);
    const stopTimer = this.durations.startTimer({ method: name });
    try {
      const result = await this.run(method, ctx, params);
      stopTimer({ outcome: 'ok' });
      return result;
    } catch (error) {
      stopTimer({ outcome: toMeteorError(error).error.toString() });
      throw error;
    }
  }

  private async run(method: DdpMethod, ctx: MethodContext, params: unknown[]): Promise<unknown> {
    const { name } = method;
    const exemption = this.exemptions.get(name);
    const exempt = exemption !== undefined && ctx.userId !== undefined && (await exemption(ctx));
    this.rateLimiter.check(
      { type: 'method', name, userId: ctx.userId, connectionId: ctx.connectionId, clientAddress: ctx.clientAddress },
      exempt,
    );
    const parsed = method.params.safeParse(params);
    if (!method.anonymous) {
      if (!ctx.userId || ctx.username === undefined) throw invalidUser(name);
      if (!parsed.success) throw matchFailed();
      return method.run(ctx as UserMethodContext, parsed.data);
    }
    if (!parsed.success) throw matchFailed();
    return method.run(ctx, parsed.data);
  }

  /** The wire form of a failure; server faults are logged (clients only ever see "Internal server error"). */
  report(error: unknown, what: string): MeteorErrorJson {
    if (!isClientError(error)) {
      this.logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return toMeteorError(error).toJSON();
  }
}
