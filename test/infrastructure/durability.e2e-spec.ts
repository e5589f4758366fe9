import { afterAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DdpClient } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';

const SENDERS = 4;

/**
 * `npm start`'s file-backed database acknowledges a write only once it is on disk: messages sent through the
 * real stack (REST chat.sendMessage) while the database is SIGKILLed are all there after it restarts on the
 * same file. (Before group commit, MVStore's one-second auto-commit lost the last ~0.9 s of them.) A message is
 * delivered to the room's readers once its insert is acknowledged (before the room's update): every delivered
 * message is there too. The file is checkpointed only every minute here, so the sends are in the redo log alone
 * when the database dies and come back by its replay.
 */
describe('durability of acknowledged writes (file-backed local database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durability-'));
  const t = useStack({ mongoFile: join(dir, 'db.mv'), mongoCheckpointMs: 60_000 });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every acknowledged and every delivered message after a SIGKILL of the database mid-stream', async () => {
    const reader = await DdpClient.connect(t.stack.gatewayUrl());
    await reader.login(ADMIN.username, ADMIN.password);
    await reader.stream('room-messages', 'GENERAL');
    const acknowledged: string[] = [];
    let failed = 0;
    let sending = true;
    const sender = async (n: number) => {
      for (let i = 0; sending; i++) {
        const { status, body } = await t.admin
          .post('/api/v1/chat.sendMessage', { message: { rid: 'GENERAL', msg: `durable ${n}.${i}` } })
          .catch(() => ({ status: 0, body: {} as Record<string, any> }));
        if (status === 200 && body.message?._id) acknowledged.push(body.message._id as string);
        else failed++;
      }
    };
    const senders = Array.from({ length: SENDERS }, (_, n) => sender(n));
    await waitFor(() => acknowledged.length >= 40, { timeoutMs: 30_000, describe: () => `40 sends (got ${acknowledged.length})` });

    const ackedBeforeKill = acknowledged.length;
    const restarted = t.stack.restartMongo('kill');
    // Sends go on against the dead database (they fail or wait) until it is back.
    await restarted;
    sending = false;
    await Promise.all(senders);

    const delivered = [...new Set(reader.pushes('room-messages', 'GENERAL').map((push) => push.args[0]._id as string))];
    await reader.close();
    const db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
    try {
      const found = await db
        .collection<{ _id: string }>('rocketchat_message')
        .find({ _id: { $in: acknowledged } }, { projection: { _id: 1 } })
        .toArray();
      const missing = acknowledged.filter((id) => !found.some((m) => m._id === id));
      expect({ acknowledged: acknowledged.length, missing }).toEqual({ acknowledged: acknowledged.length, missing: [] });
      const stored = new Set(
        (
          await db
            .collection<{ _id: string }>('rocketchat_message')
            .find({ _id: { $in: delivered } }, { projection: { _id: 1 } })
            .toArray()
        ).map((m) => m._id),
      );
      const deliveredLost = delivered.filter((id) => !stored.has(id));
      expect({ delivered: delivered.length, deliveredLost }).toEqual({ delivered: delivered.length, deliveredLost: [] });
      expect(delivered.length).toBeGreaterThanOrEqual(40);
      expect(acknowledged.length).toBeGreaterThanOrEqual(ackedBeforeKill);
      const stats = await db.db!.command({ rocketnestQueryStats: 1 });
      expect(stats.durability.redoLog.replayedAtStart).toBeGreaterThan(0);
      console.info(
        `durability: ${acknowledged.length} acknowledged sends, ${delivered.length} delivered, ${failed} failed while the database was down`,
      );
    } finally {
      await db.close();
    }
  }, 120_000);
});
