import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { coreInstanceEvent } from '@rc/contracts';
import { APP_CONFIG, EventBus, InboundEvents, type BaseConfig } from '@rc/platform';

/** How often a core instance says it runs; one not heard for three of these is taken as gone. */
const HEARTBEAT_MS = 10_000;

/**
 * Whether other core instances run beside this one. Each announces itself at start (the others answer at once) and
 * every HEARTBEAT_MS; what one instance alone may do that several may not — keep the member work of a room waiting
 * for the next messages, in their order — asks `alone()`.
 */
@Injectable()
export class CorePeers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly heard = new Map<string, number>();
  private readonly instanceId: string;
  private readonly unsubscribe: () => void;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    events: InboundEvents,
    @Inject(APP_CONFIG) config: Pick<BaseConfig, 'INSTANCE_ID'>,
  ) {
    this.instanceId = config.INSTANCE_ID;
    // Subscribed before this instance's own hello, so that every later instance's hello is heard.
    this.unsubscribe = events.subscribe(coreInstanceEvent, '*', ({ instanceId, hello }) => {
      if (instanceId === this.instanceId) return;
      this.heard.set(instanceId, Date.now());
      if (hello) this.announce(false);
    });
  }

  onApplicationBootstrap(): void {
    this.announce(true);
    this.timer = setInterval(() => this.announce(false), HEARTBEAT_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  /** No other core instance heard within three heartbeats. */
  alone(): boolean {
    const since = Date.now() - 3 * HEARTBEAT_MS;
    for (const [id, at] of this.heard) {
      if (at >= since) return false;
      this.heard.delete(id);
    }
    return true;
  }

  private announce(hello: boolean): void {
    this.bus.publish(coreInstanceEvent, this.instanceId, { instanceId: this.instanceId, hello });
  }
}
