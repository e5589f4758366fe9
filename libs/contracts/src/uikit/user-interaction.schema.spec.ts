import { describe, expect, it } from '@jest/globals';
import { CoreAppInteraction } from './user-interaction.schema.js';

const view = { appId: 'nps-core', id: 'n-n', blocks: [{ type: 'actions', elements: [] }], title: { type: 'plain_text', text: 'x' } };

describe('CoreAppInteraction', () => {
  it("accepts what Rocket.Chat's web client sends from a banner, a modal's scale, its submit and its close", () => {
    const payloads = [
      { type: 'blockAction', actionId: 'a', container: { type: 'view', id: 'b' }, payload: { blockId: 'n', value: 9 }, triggerId: 'T1' },
      {
        type: 'blockAction',
        actionId: 'a',
        container: { type: 'message', id: 'm' },
        payload: { blockId: 'n', value: 'x' },
        mid: 'm',
        rid: 'r',
        triggerId: 'T2',
      },
      { type: 'viewSubmit', payload: { view: { ...view, state: { n: { 'nps-score': 9, comment: '' } } } }, viewId: 'n-n', triggerId: 'T3' },
      { type: 'viewClosed', payload: { viewId: 'b', view: { ...view, viewId: 'b', state: {} }, isCleared: false }, triggerId: 'T4' },
    ];
    for (const payload of payloads) expect(CoreAppInteraction.safeParse(payload).success).toBe(true);
  });

  it('refuses unknown types and keys, missing trigger ids, operators and state that is not per block and action', () => {
    const payloads = [
      { type: 'actionButton', actionId: 'a', payload: { context: 'roomAction' }, rid: 'r', triggerId: 'T' },
      { type: 'blockAction', actionId: 'a', container: { type: 'view', id: 'b' }, payload: { blockId: 'n', value: 9 } },
      {
        type: 'blockAction',
        actionId: 'a',
        container: { type: 'view', id: 'b' },
        payload: { blockId: 'n', value: 9 },
        triggerId: 'T',
        userId: 'x',
      },
      {
        type: 'blockAction',
        actionId: { $ne: 1 },
        container: { type: 'view', id: 'b' },
        payload: { blockId: 'n', value: 9 },
        triggerId: 'T',
      },
      { type: 'viewSubmit', payload: { view: { ...view, state: { n: 9 } } }, triggerId: 'T' },
      { type: 'viewClosed', payload: { viewId: 'b' }, triggerId: 'T' },
    ];
    for (const payload of payloads) expect(CoreAppInteraction.safeParse(payload).success).toBe(false);
  });
});
