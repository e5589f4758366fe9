import { Injectable } from '@nestjs/common';
import { integrationHistoryEvent, type IIntegrationHistory, type IOutgoingIntegration } from '@rc/contracts';
import { IntegrationHistoryRepository, randomId } from '@rc/models';
import { EventBus } from '@rc/platform';

export type HistoryStep = Partial<
  Pick<
    IIntegrationHistory,
    | 'step'
    | 'data'
    | 'triggerWord'
    | 'ranPrepareScript'
    | 'prepareSentMessage'
    | 'processSentMessage'
    | 'resultMessage'
    | 'finished'
    | 'url'
    | 'httpCallData'
    | 'httpError'
    | 'httpResult'
    | 'error'
    | 'errorStack'
  >
>;

/**
 * Rocket.Chat's `updateHistory`: one `rocketchat_integration_history` document per outgoing call, created at its
 * first step and updated at each next one; every change goes out on the `integrationHistory` stream (inserted
 * with the document, updated with the changed fields), keyed by the integration.
 */
@Injectable()
export class IntegrationHistoryRecorder {
  constructor(
    private readonly history: IntegrationHistoryRepository,
    private readonly events: EventBus,
  ) {}

  async start(integration: IOutgoingIntegration, event: string, step: HistoryStep = {}): Promise<string> {
    const now = new Date();
    const entry = await this.history.insert({
      _id: randomId(),
      type: 'outgoing-webhook',
      step: 'start-execute-trigger-url',
      integration: { _id: integration._id, _createdBy: integration._createdBy },
      event,
      _createdAt: now,
      ...definedOnly(step),
    });
    this.events.publish(integrationHistoryEvent, integration._id, {
      createdBy: integration._createdBy?._id,
      change: { type: 'inserted', id: entry._id, data: entry },
    });
    return entry._id;
  }

  async update(integration: IOutgoingIntegration, historyId: string, step: HistoryStep): Promise<void> {
    const set = definedOnly({
      ...step,
      ...(step.httpError !== undefined && { httpError: errorOf(step.httpError) }),
    });
    const updated = await this.history.update(historyId, set);
    if (!updated) return;
    this.events.publish(integrationHistoryEvent, integration._id, {
      createdBy: integration._createdBy?._id,
      change: { type: 'updated', id: historyId, diff: { ...set, _updatedAt: updated._updatedAt } },
    });
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, one]) => one !== undefined)) as Partial<T>;
}

/** An error as stored (its name and message; `null` stays null: no error). */
function errorOf(error: unknown): unknown {
  if (error === null) return null;
  if (error instanceof Error) return { name: error.name, message: error.message };
  return error;
}

/**
 * The history of one outgoing call. With a script, each step is written as it happens (worth following on the
 * stream); without, the steps before the HTTP call are written at once when it starts and the rest with the
 * outcome: two writes a call instead of six, on a path taken for every matching message.
 */
export class CallHistory {
  private id?: Promise<string>;
  private pending: HistoryStep = {};

  constructor(
    private readonly recorder: IntegrationHistoryRecorder,
    private readonly integration: IOutgoingIntegration,
    private readonly event: string,
    private readonly eager: boolean,
  ) {}

  /** A step: written now when eager or final (`finished`), otherwise with the next write. */
  async step(fields: HistoryStep): Promise<void> {
    this.pending = { ...this.pending, ...fields };
    if (this.eager || fields.finished) await this.flush();
  }

  /** Writes the pending steps (the document is created by its first write). */
  async flush(): Promise<void> {
    const fields = this.pending;
    this.pending = {};
    if (!this.id) {
      this.id = this.recorder.start(this.integration, this.event, fields);
      await this.id;
    } else {
      await this.recorder.update(this.integration, await this.id, fields);
    }
  }
}
