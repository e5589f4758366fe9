import { describe, expect, it } from '@jest/globals';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';

const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** What the gateway refuses before any service sees it, and the room names that would read as something else. */
describe('input refused at the edge', () => {
  const t = useStack();

  it('refuses a REST body nested too deep with 400, and still takes ordinary nesting', async () => {
    const deep = `{"message":{"rid":"GENERAL","msg":"deep","attachments":${nestedArray(2_500)}}}`;
    const refused = await t.admin.send('POST', '/api/v1/chat.sendMessage', deep);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-invalid-request' });

    const ordinary = await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: 'GENERAL', msg: 'shallow', attachments: [] } });
    expect(ordinary.status).toBe(200);
  });

  it('refuses a DDP message nested too deep as a bad request, and the connection goes on', async () => {
    const ddp = await DdpClient.connect(t.stack.gatewayUrl());
    const answer = ddp.waitFor((frame) => frame.msg === 'error');
    ddp.sendRaw(`{"msg":"method","id":"1","method":"sendMessage","params":${nestedArray(2_500)}}`);
    expect(await answer).toMatchObject({ msg: 'error', reason: 'Bad request' });
    const pong = ddp.waitFor((frame) => frame.msg === 'pong');
    ddp.send({ msg: 'ping' });
    await pong;
    await ddp.close();
  });

  it("refuses room names that read as something else, and another room's id as a name", async () => {
    for (const name of ['.', '..', '__proto__', 'constructor', 'GENERAL']) {
      const created = await t.admin.post('/api/v1/channels.create', { name });
      expect({ name, status: created.status, errorType: (created.body as { errorType?: string }).errorType }).toEqual({
        name,
        status: 400,
        errorType: 'error-invalid-room-name',
      });
    }
    const room = await t.admin.post('/api/v1/channels.create', { name: `edge-${Date.now()}` });
    expect(room.status).toBe(200);
    const roomId = (room.body as { channel: { _id: string } }).channel._id;
    const renamed = await t.admin.post('/api/v1/channels.rename', { roomId, name: 'GENERAL' });
    expect((renamed.body as { errorType?: string }).errorType).toBe('error-invalid-room-name');
  });
});
