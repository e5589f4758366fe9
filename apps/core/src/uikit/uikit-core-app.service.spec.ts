import { describe, expect, it } from '@jest/globals';
import { DomainError, type Actor, type CoreAppInteraction } from '@rc/contracts';
import type { IUiKitTrigger, UiKitTriggersRepository, UsersRepository } from '@rc/models';
import { asReal } from '../testing/core-world.js';
import { recordingRealtime } from '../testing/fake-services.js';
import type { UiKitCoreApp } from './uikit-core-app.js';
import { UiKitCoreAppRegistry } from './uikit-core-app.registry.js';
import { UiKitCoreAppService } from './uikit-core-app.service.js';

/** The trigger records, in memory: spent by id, released, the views they opened. */
class FakeTriggers {
  readonly records = new Map<string, Omit<IUiKitTrigger, '_updatedAt'>>();
  spend(trigger: Omit<IUiKitTrigger, '_updatedAt'>) {
    if (this.records.has(trigger._id)) return Promise.resolve(false);
    this.records.set(trigger._id, trigger);
    return Promise.resolve(true);
  }
  release(id: string) {
    this.records.delete(id);
    return Promise.resolve();
  }
  setOpenedView(id: string, viewId: string) {
    this.records.get(id)!.openedViewId = viewId;
    return Promise.resolve();
  }
  wasOpenedFor(userId: string, viewId: string, now: Date) {
    return Promise.resolve([...this.records.values()].some((r) => r.userId === userId && r.openedViewId === viewId && r.expireAt > now));
  }
}

const actor: Actor = { userId: 'u1', username: 'ana' };
const closing = (triggerId: string): CoreAppInteraction => ({
  type: 'viewClosed',
  payload: { viewId: 'v', view: { appId: 'demo', id: 'v', blocks: [], state: {} } },
  triggerId,
});

function world(app: UiKitCoreApp) {
  const registry = new UiKitCoreAppRegistry();
  registry.register(app);
  const triggers = new FakeTriggers();
  const users = { findRolesById: () => Promise.resolve({ _id: 'u1', roles: ['user'] }) };
  const { realtime, named } = recordingRealtime();
  const service = new UiKitCoreAppService(registry, asReal<UiKitTriggersRepository>(triggers), asReal<UsersRepository>(users), realtime);
  return { service, triggers, named };
}

describe('UiKitCoreAppService', () => {
  it('routes by app id, answers the interaction, pushes it to the user and remembers the view it opened', async () => {
    const w = world({
      appId: 'demo',
      viewClosed: (_interaction, { triggerId, appId, user }) =>
        Promise.resolve({
          type: 'modal.open',
          triggerId,
          appId,
          view: { appId, id: `m-${user.roles[0]}`, title: { type: 'plain_text', text: 't' }, blocks: [] },
        }),
    });
    const answer = await w.service.interact(actor, 'demo', closing('t1'));
    expect(answer).toMatchObject({ type: 'modal.open', triggerId: 't1', view: { id: 'm-user' } });
    expect(w.named('notifyUser')).toEqual([['u1', 'uiInteraction', [answer]]]);
    expect(w.triggers.records.get('t1')).toMatchObject({ userId: 'u1', appId: 'demo', type: 'viewClosed', openedViewId: 'm-user' });
  });

  it("refuses an unknown app with Rocket.Chat's words and a spent trigger id, answers `{}` for a handler the app lacks", async () => {
    const w = world({ appId: 'demo' });
    await expect(w.service.interact(actor, 'other', closing('t1'))).rejects.toMatchObject({
      code: 'error-invalid-app',
      reason: 'invalid service name',
    });
    expect(await w.service.interact(actor, 'demo', closing('t1'))).toEqual({});
    await expect(w.service.interact(actor, 'demo', closing('t1'))).rejects.toMatchObject({ code: 'error-trigger-id-expired' });
    expect(w.named('notifyUser')).toEqual([]);
  });

  it('leaves no trace of an interaction its app refused: the trigger id is free again', async () => {
    let fail = true;
    const w = world({
      appId: 'demo',
      viewClosed: ({ triggerId }) =>
        fail
          ? Promise.reject(new DomainError('error-invalid-payload', 'Invalid payload'))
          : Promise.resolve({ type: 'modal.close', triggerId, appId: 'demo' }),
    });
    await expect(w.service.interact(actor, 'demo', closing('t1'))).rejects.toBeInstanceOf(DomainError);
    expect(w.triggers.records.size).toBe(0);
    fail = false;
    expect(await w.service.interact(actor, 'demo', closing('t1'))).toMatchObject({ type: 'modal.close' });
  });
});
