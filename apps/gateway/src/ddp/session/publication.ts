import type { MeteorErrorJson } from '@rc/contracts';
import { frames, type EncodedFrame } from '../protocol/ddp-frames.js';
import type { DdpSession } from './ddp-session.js';

/**
 * One `sub` of a session. The handler of its name sets it up, registers what to undo on `onStop`, and calls
 * `ready()`; a handler that throws answers `nosub` with the error. Stopping runs the undo functions once,
 * including those registered after the stop (a handler still awaiting when the socket closed).
 */
export class Publication {
  private stopped = false;
  private readonly stopHandlers: Array<() => void> = [];

  constructor(
    readonly session: DdpSession,
    readonly id: string,
    readonly name: string,
    readonly params: unknown[],
  ) {}

  get userId(): string | undefined {
    return this.session.user?.userId;
  }

  get active(): boolean {
    return !this.stopped;
  }

  ready(): void {
    if (!this.stopped) this.session.send(frames.ready(this.id));
  }

  send(frame: EncodedFrame): void {
    if (!this.stopped) this.session.send(frame);
  }

  onStop(handler: () => void): void {
    if (this.stopped) handler();
    else this.stopHandlers.push(handler);
  }

  /** Ends the subscription and tells the client (`nosub`, with the error if any). */
  stop(error?: MeteorErrorJson): void {
    if (this.stopped) return;
    this.halt();
    this.session.send(frames.nosub(this.id, error));
  }

  /** Ends the subscription silently (the client unsubscribed, or the socket closed). */
  halt(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.session.forgetPublication(this);
    for (const handler of this.stopHandlers.splice(0)) handler();
  }
}
