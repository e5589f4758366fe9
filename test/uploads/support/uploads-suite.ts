import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import EJSON from 'ejson';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { useStack } from '../../support/stack.js';
import { createUser, ok, StackProbe, uniqueName, type CoreUser } from '../../core/support/core-fixtures.js';
import type { StorageBackend } from './backends.js';
import { decompressionBomb, png } from './images.js';
import { postForm, StreamingUpload, type Part } from './multipart.js';

const MB = 1024 * 1024;

/**
 * Uploads and downloads end to end, the same on every storage: Rocket.Chat's routes and shapes, read access,
 * ranges and caching, and the bad input the issue lists — each refused with a clear error, nothing stored.
 */
export function describeUploadsOn(name: string, makeBackend: (probe: StackProbe) => Promise<StorageBackend>): void {
  describe(`uploads on ${name}`, () => {
    // Expired uploads are swept every second here (10 minutes by default).
    const t = useStack({ appEnv: { core: { UPLOADS_SWEEP_INTERVAL_MS: '1000' } } });
    let probe: StackProbe;
    let backend: StorageBackend;
    let alice: CoreUser;
    let bob: CoreUser;
    let eve: CoreUser;
    let channel: { _id: string; name: string };

    const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
    const media = (user: CoreUser, file: Part | undefined, fields?: Record<string, string>, rid = channel._id) =>
      postForm(t.stack.gatewayUrl(), `/api/v1/rooms.media/${rid}`, user.api.credentials, file, fields);
    const upload = (user: CoreUser, file: Part, fields?: Record<string, string>) =>
      postForm(t.stack.gatewayUrl(), `/api/v1/rooms.upload/${channel._id}`, user.api.credentials, file, fields);
    const download = (path: string, headers: Record<string, string> = {}, user: CoreUser | null = alice) =>
      fetch(`${t.stack.gatewayUrl()}${path}`, {
        redirect: 'manual',
        headers: { ...(user && { 'x-user-id': user.id, 'x-auth-token': user.api.credentials!.authToken }), ...headers },
      });
    const metadataCount = () => probe.db.collection('rocketchat_uploads').countDocuments();
    /** Nothing was left behind: no metadata and no body beyond what the suite stored on purpose. */
    const expectNothingNew = async (before: { metadata: number; keys: string[] }) => {
      await waitFor(async () => (await metadataCount()) === before.metadata && (await backend.storedKeys()).length === before.keys.length, {
        timeoutMs: 15_000,
        describe: () => 'the storage back to what it held',
      });
      expect(await metadataCount()).toBe(before.metadata);
      expect((await backend.storedKeys()).sort()).toEqual(before.keys.sort());
    };
    const snapshot = async () => ({ metadata: await metadataCount(), keys: await backend.storedKeys() });

    beforeAll(async () => {
      probe = await StackProbe.open(t.stack);
      backend = await makeBackend(probe);
      for (const [id, value] of Object.entries(backend.settings)) await setSetting(id, value);
      [alice, bob, eve] = await Promise.all(['alice', 'bob', 'eve'].map((p) => createUser(t.admin, p)));
      channel = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('files'), members: [bob.username] })).group;
    });

    afterAll(async () => {
      await backend?.close();
      await probe?.close();
    });

    describe('rooms.media and rooms.mediaConfirm', () => {
      let image: Buffer;
      let message: Record<string, any>;
      let fileId: string;

      beforeAll(async () => {
        image = await png(800, 600);
        const stored = await media(alice, { name: 'photo.png', type: 'image/png', body: image });
        expect(stored.status).toBe(200);
        fileId = stored.body.file._id;
        expect(stored.body).toEqual({ success: true, file: { _id: expect.any(String), url: `/file-upload/${fileId}/photo.png` } });
        message = ok(
          await alice.api.post(`/api/v1/rooms.mediaConfirm/${channel._id}/${fileId}`, { msg: 'look', description: 'a photo' }),
        ).message;
      });

      it("posts the message with Rocket.Chat's file, files and image attachment (the thumbnail shown)", async () => {
        const thumb = message.files[1];
        expect(message).toMatchObject({
          rid: channel._id,
          msg: 'look',
          groupable: false,
          file: { _id: fileId, name: 'photo.png', type: 'image/png', size: image.length, format: 'png', typeGroup: 'image' },
          files: [{ _id: fileId }, { _id: expect.any(String), name: 'thumb-photo.png', type: 'image/png', typeGroup: 'thumb' }],
          attachments: [
            {
              title: 'photo.png',
              type: 'file',
              description: 'a photo',
              title_link: `/file-upload/${fileId}/photo.png`,
              title_link_download: true,
              image_url: `/file-upload/${thumb._id}/photo.png`,
              image_type: 'image/png',
              image_size: image.length,
              image_dimensions: { width: 480, height: 360 },
              image_preview: expect.any(String),
              fileId,
            },
          ],
        });
        expect(ok(await bob.api.get('/api/v1/chat.getMessage', { msgId: message._id })).message.files).toHaveLength(2);
        // Rocket.Chat's image_preview: a blurred JPEG of at most 32 px, base64.
        const preview = await sharp(Buffer.from(message.attachments[0].image_preview, 'base64')).metadata();
        expect([preview.format, preview.width, preview.height]).toEqual(['jpeg', 32, 24]);
      });

      it("keeps the metadata in rocketchat_uploads with Rocket.Chat's shape, no longer temporary", async () => {
        const document = await probe.db.collection('rocketchat_uploads').findOne({ _id: fileId as never });
        expect(document).toMatchObject({
          name: 'photo.png',
          size: image.length,
          type: 'image/png',
          typeGroup: 'image',
          extension: 'png',
          rid: channel._id,
          userId: alice.id,
          store: `${backend.type}:Uploads`,
          complete: true,
          uploading: false,
          progress: 1,
          identify: { format: 'png', size: { width: 800, height: 600 } },
          description: 'a photo',
          url: `/file-upload/${fileId}/photo.png`,
          uploadedAt: expect.any(Date),
        });
        expect(document).not.toHaveProperty('expiresAt');
        expect((await backend.storedKeys()).filter((key) => key.includes(fileId) || key.includes(message.files[1]._id))).toHaveLength(2);
      });

      it('serves the body to members with its type, length, disposition and ETag; 304 when unchanged', async () => {
        const response = await download(`/file-upload/${fileId}/photo.png`, {}, bob);
        expect(response.status).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true);
        expect(response.headers.get('content-type')).toBe('image/png');
        expect(response.headers.get('content-length')).toBe(String(image.length));
        expect(response.headers.get('content-disposition')).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`);
        const etag = response.headers.get('etag')!;
        expect(etag).toMatch(/^".+"$/);
        expect((await download(`/file-upload/${fileId}/photo.png`, { 'if-none-match': etag })).status).toBe(304);
        const lastModified = response.headers.get('last-modified')!;
        expect((await download(`/file-upload/${fileId}/photo.png`, { 'if-modified-since': lastModified })).status).toBe(304);
        const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
        const modified = await download(`/file-upload/${fileId}/photo.png`, { 'if-modified-since': older });
        expect(modified.status).toBe(200);
        await modified.arrayBuffer();
        const attachment = await download(`/file-upload/${fileId}/photo.png?download`);
        expect(attachment.headers.get('content-disposition')).toMatch(/^attachment; filename="photo.png"/);
        await attachment.arrayBuffer();
      });

      it('answers byte ranges (206 with Content-Range; 416 past the end)', async () => {
        const part = await download(`/file-upload/${fileId}/photo.png`, { range: 'bytes=100-199' });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes 100-199/${image.length}`);
        expect(Buffer.from(await part.arrayBuffer()).equals(image.subarray(100, 200))).toBe(true);
        const tail = await download(`/file-upload/${fileId}/photo.png`, { range: 'bytes=-10' });
        expect(Buffer.from(await tail.arrayBuffer()).equals(image.subarray(image.length - 10))).toBe(true);
        // Several ranges: one range only is served, so the whole body comes with 200 (RFC 9110 lets a server ignore Range).
        const several = await download(`/file-upload/${fileId}/photo.png`, { range: 'bytes=0-9,20-29' });
        expect(several.status).toBe(200);
        expect(several.headers.get('accept-ranges')).toBe('bytes');
        expect(Buffer.from(await several.arrayBuffer()).equals(image)).toBe(true);
        const past = await download(`/file-upload/${fileId}/photo.png`, { range: `bytes=${image.length}-` });
        expect(past.status).toBe(416);
        expect(past.headers.get('content-range')).toBe(`bytes */${image.length}`);
      });

      it('serves the thumbnail: an image of the configured box', async () => {
        const response = await download(`/file-upload/${message.files[1]._id}/photo.png`);
        const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 480, 360]);
      });

      it('reads with the rc_uid/rc_token cookies or query; refuses non-members and anonymous readers (403)', async () => {
        const token = alice.api.credentials!.authToken;
        const path = `/file-upload/${fileId}/photo.png`;
        expect((await download(path, { cookie: `rc_uid=${alice.id}; rc_token=${token}` }, null)).status).toBe(200);
        expect((await download(`${path}?rc_uid=${alice.id}&rc_token=${token}`, {}, null)).status).toBe(200);
        expect((await download(path, {}, eve)).status).toBe(403);
        expect((await download(path, {}, null)).status).toBe(403);
        expect((await download(`/file-upload/nosuchfile000000/x.png`)).status).toBe(404);
      });

      if (name === 'AmazonS3') {
        it('without FileUpload_S3_Proxy_Uploads, a reader is redirected to a signed URL that expires', async () => {
          await setSetting('FileUpload_S3_Proxy_Uploads', false);
          try {
            const redirect = await download(`/file-upload/${fileId}/photo.png?download`);
            expect(redirect.status).toBe(302);
            const signed = new URL(redirect.headers.get('location')!);
            expect(signed.searchParams.get('X-Amz-Expires')).toBe('120');
            const body = await fetch(signed);
            expect(body.status).toBe(200);
            expect(body.headers.get('content-disposition')).toMatch(/^attachment; filename="photo.png"/);
            expect(Buffer.from(await body.arrayBuffer()).equals(image)).toBe(true);
            // Still members only: the redirect is refused to others.
            expect((await download(`/file-upload/${fileId}/photo.png`, {}, eve)).status).toBe(403);
          } finally {
            await setSetting('FileUpload_S3_Proxy_Uploads', true);
          }
        });
      }

      it('with FileUpload_ProtectFiles off, anyone may read', async () => {
        await setSetting('FileUpload_ProtectFiles', false);
        try {
          expect((await download(`/file-upload/${fileId}/photo.png`, {}, null)).status).toBe(200);
        } finally {
          await setSetting('FileUpload_ProtectFiles', true);
        }
      });

      it('an upload never confirmed is removed, body and metadata, once expired', async () => {
        const stored = await media(alice, { name: 'abandoned.png', type: 'image/png', body: await png(500, 500) });
        const ids = [stored.body.file._id];
        const thumbnail = await probe.db.collection('rocketchat_uploads').findOne({ originalFileId: ids[0] });
        ids.push(String(thumbnail!._id));
        expect(
          await probe.db.collection('rocketchat_uploads').countDocuments({ _id: { $in: ids as never[] }, expiresAt: { $gt: new Date() } }),
        ).toBe(2);
        await probe.db
          .collection('rocketchat_uploads')
          .updateMany({ _id: { $in: ids as never[] } }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
        await waitFor(
          async () => (await probe.db.collection('rocketchat_uploads').countDocuments({ _id: { $in: ids as never[] } })) === 0,
          {
            describe: () => 'the expired upload removed',
          },
        );
        await waitFor(async () => (await backend.storedKeys()).every((key) => !ids.some((id) => key.includes(id))), {
          describe: () => 'bodies removed',
        });
      });

      it("refuses to confirm another user's upload, or one in another room", async () => {
        const stored = await media(alice, { name: 'notes.txt', type: 'text/plain', body: Buffer.from('notes') });
        const other = await bob.api.post(`/api/v1/rooms.mediaConfirm/${channel._id}/${stored.body.file._id}`, {});
        expect(other.body).toMatchObject({ success: false, errorType: 'invalid-file' });
        const outsider = await eve.api.post(`/api/v1/rooms.mediaConfirm/${channel._id}/${stored.body.file._id}`, {});
        expect(outsider.status).toBe(403);
      });
    });

    describe('DDP sendFileMessage', () => {
      it('posts the message of an upload from rooms.media, the description from the file', async () => {
        const stored = await media(alice, { name: 'notes.txt', type: 'text/plain', body: Buffer.from('ddp notes') });
        const answer = await alice.api.post('/api/v1/method.call/sendFileMessage', {
          message: EJSON.stringify({
            msg: 'method',
            id: '1',
            method: 'sendFileMessage',
            params: [channel._id, `${backend.type}:Uploads`, { _id: stored.body.file._id, description: 'from ddp' }, { msg: 'via ddp' }],
          }),
        });
        const { result } = EJSON.parse(answer.body.message) as { result: any };
        expect(result).toMatchObject({
          rid: channel._id,
          msg: 'via ddp',
          file: { _id: stored.body.file._id, name: 'notes.txt' },
          attachments: [{ title: 'notes.txt', description: 'from ddp', format: 'txt' }],
        });
        const refused = await eve.api.post('/api/v1/method.call/sendFileMessage', {
          message: EJSON.stringify({
            msg: 'method',
            id: '2',
            method: 'sendFileMessage',
            params: [channel._id, 'GridFS:Uploads', { _id: stored.body.file._id }],
          }),
        });
        expect(EJSON.parse(refused.body.message)).toMatchObject({ error: { error: 'error-unauthorized' } });
      });
    });

    describe('rooms.upload (one step)', () => {
      it('posts the message with a file attachment, the form fields as the message', async () => {
        const { status, body } = await upload(
          alice,
          { name: 'report.txt', type: 'text/plain', body: Buffer.from('quarterly numbers') },
          {
            msg: 'the report',
            description: 'Q3',
          },
        );
        expect(status).toBe(200);
        expect(body.message).toMatchObject({
          msg: 'the report',
          file: { name: 'report.txt', type: 'text/plain', size: 17, format: '' },
          attachments: [{ title: 'report.txt', type: 'file', format: 'txt', size: 17, description: 'Q3', title_link_download: true }],
        });
        const response = await download(body.message.attachments[0].title_link);
        expect(await response.text()).toBe('quarterly numbers');
      });

      it('Message_Attachments_Strip_Exif: a photo is stored without its EXIF, other files untouched', async () => {
        const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#335577' } })
          .jpeg()
          .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'exif-owner-name' } } })
          .toBuffer();
        const text = Buffer.from('Exif\u0000\u0000 is just text here');
        const stored = async () => {
          const { message } = (await upload(alice, { name: 'camera.jpg', type: 'image/jpeg', body: photo })).body;
          const { message: textMessage } = (await upload(alice, { name: 'exif.txt', type: 'text/plain', body: text })).body;
          return {
            photo: Buffer.from(await (await download(message.attachments[0].title_link)).arrayBuffer()),
            text: Buffer.from(await (await download(textMessage.attachments[0].title_link)).arrayBuffer()),
            size: message.file.size,
          };
        };
        expect((await stored()).photo.equals(photo)).toBe(true);
        await setSetting('Message_Attachments_Strip_Exif', true);
        try {
          const stripped = await stored();
          expect(stripped.photo.includes(Buffer.from('exif-owner-name'))).toBe(false);
          expect(stripped.size).toBe(stripped.photo.length);
          expect(stripped.size).toBeLessThan(photo.length);
          const metadata = await sharp(stripped.photo).metadata();
          expect([metadata.format, metadata.width, metadata.height, metadata.orientation, metadata.exif]).toEqual([
            'jpeg',
            120,
            80,
            undefined,
            undefined,
          ]);
          expect(stripped.text.equals(text)).toBe(true);
        } finally {
          await setSetting('Message_Attachments_Strip_Exif', false);
        }
      });

      it('a 12 MB file (three multipart parts on S3) comes back byte for byte, whole and across a part boundary', async () => {
        const body = randomBytes(12 * MB);
        const { status, body: answer } = await upload(alice, { name: 'large.bin', type: 'application/octet-stream', body });
        expect(status).toBe(200);
        const path = answer.message.attachments[0].title_link as string;
        const whole = await download(path);
        expect(whole.headers.get('content-length')).toBe(String(body.length));
        expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);
        const [first, last] = [5 * MB - 10, 5 * MB + 9];
        const range = await download(path, { range: `bytes=${first}-${last}` });
        expect(range.status).toBe(206);
        expect(Buffer.from(await range.arrayBuffer()).equals(body.subarray(first, last + 1))).toBe(true);
      });

      it('a refused message takes the upload back (nothing stored)', async () => {
        const before = await snapshot();
        const { body } = await upload(alice, { name: 'a.txt', type: 'text/plain', body: Buffer.from('x') }, { tmid: 'nosuchmessage00000' });
        expect(body).toMatchObject({ success: false, errorType: 'error-invalid-message' });
        await expectNothingNew(before);
      });
    });

    describe('lists and deletion', () => {
      let room: { _id: string };
      const post = async (user: CoreUser, file: Part, rid = room._id) => {
        const stored = await media(user, file, {}, rid);
        return ok(await user.api.post(`/api/v1/rooms.mediaConfirm/${rid}/${stored.body.file._id}`, {})).message as Record<string, any>;
      };

      beforeAll(async () => {
        room = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('gallery'), members: [bob.username] })).channel;
      });

      it('channels.files lists posted files newest first with their uploader, by name or type group; no thumbnails', async () => {
        await post(alice, { name: 'first-report.txt', type: 'text/plain', body: Buffer.from('one') });
        await post(bob, { name: 'diagram.png', type: 'image/png', body: await png(100, 50) });
        // Awaiting its message: not listed.
        await media(alice, { name: 'draft.txt', type: 'text/plain', body: Buffer.from('draft') }, {}, room._id);
        const all = ok(await alice.api.get('/api/v1/channels.files', { roomId: room._id }));
        expect(all).toMatchObject({ count: 2, offset: 0, total: 2 });
        expect(all.files.map((file: { name: string }) => file.name)).toEqual(['diagram.png', 'first-report.txt']);
        expect(all.files[0]).toMatchObject({ typeGroup: 'image', user: { _id: bob.id, username: bob.username } });
        const named = ok(
          await alice.api.get('/api/v1/channels.files', {
            roomId: room._id,
            query: JSON.stringify({ name: { $regex: 'REPORT', $options: 'i' } }),
          }),
        );
        expect(named.files.map((file: { name: string }) => file.name)).toEqual(['first-report.txt']);
        // Rocket.Chat's JSON sort and fields.
        const sorted = ok(
          await alice.api.get('/api/v1/channels.files', { roomId: room._id, sort: '{"name":1}', fields: '{"name":1,"size":1}' }),
        );
        expect(sorted.files.map((file: { name: string }) => file.name)).toEqual(['diagram.png', 'first-report.txt'].sort());
        expect(Object.keys(sorted.files[1]).sort()).toEqual(['_id', 'name', 'size', 'user']);
        const bySize = ok(await alice.api.get('/api/v1/channels.files', { roomId: room._id, sort: '{"size":-1}', fields: '{"url":0}' }));
        expect(bySize.files.map((file: { name: string }) => file.name)).toEqual(['diagram.png', 'first-report.txt']);
        expect(bySize.files[0]).not.toHaveProperty('url');
        expect(bySize.files[0]).toHaveProperty('type', 'image/png');
        expect((await alice.api.get('/api/v1/channels.files', { roomId: room._id, sort: '{"password":1}' })).body).toMatchObject({
          success: false,
          errorType: 'error-invalid-sort',
        });
        expect((await alice.api.get('/api/v1/channels.files', { roomId: room._id, fields: 'not json' })).body).toMatchObject({
          success: false,
          errorType: 'error-invalid-fields',
        });
        const images = ok(await alice.api.get('/api/v1/rooms.images', { roomId: room._id }));
        expect(images.files.map((file: { name: string }) => file.name)).toEqual(['diagram.png']);
        // A private group's files are its members' only.
        expect((await eve.api.get('/api/v1/rooms.images', { roomId: channel._id })).status).toBe(403);
        expect((await eve.api.get('/api/v1/groups.files', { roomId: channel._id })).body.success).toBe(false);
      });

      it('a deleted message takes its file and thumbnail with it (chat.delete, DDP deleteFileMessage)', async () => {
        const message = await post(alice, { name: 'gone.png', type: 'image/png', body: await png(600, 600) });
        const ids: string[] = message.files.map((file: { _id: string }) => file._id);
        expect(ids).toHaveLength(2);
        ok(await alice.api.post('/api/v1/chat.delete', { roomId: room._id, msgId: message._id }));
        await waitFor(async () => (await backend.storedKeys()).every((key) => !ids.some((id) => key.includes(id))), {
          describe: () => 'bodies removed',
        });
        expect(await probe.db.collection('rocketchat_uploads').countDocuments({ _id: { $in: ids as never[] } })).toBe(0);
        expect((await download(`/file-upload/${ids[0]}/gone.png`)).status).toBe(404);

        const other = await post(alice, { name: 'other.txt', type: 'text/plain', body: Buffer.from('bye') });
        const refused = await eve.api.post('/api/v1/method.call/deleteFileMessage', {
          message: EJSON.stringify({ msg: 'method', id: '1', method: 'deleteFileMessage', params: [other.file._id] }),
        });
        expect(EJSON.parse(refused.body.message)).toMatchObject({ error: { error: 'error-action-not-allowed' } });
        const deleted = await alice.api.post('/api/v1/method.call/deleteFileMessage', {
          message: EJSON.stringify({ msg: 'method', id: '2', method: 'deleteFileMessage', params: [other.file._id] }),
        });
        expect(EJSON.parse(deleted.body.message)).toMatchObject({ msg: 'result', result: true });
        expect((await alice.api.get('/api/v1/chat.getMessage', { msgId: other._id })).status).toBe(400);
        expect(await probe.db.collection('rocketchat_uploads').countDocuments({ _id: other.file._id })).toBe(0);
      });

      it('a deleted room takes all its files with it', async () => {
        const doomed = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('doomed') })).channel;
        const message = await post(alice, { name: 'in-room.txt', type: 'text/plain', body: Buffer.from('room file') }, doomed._id);
        ok(await alice.api.post('/api/v1/channels.delete', { roomId: doomed._id }));
        await waitFor(async () => !(await backend.storedKeys()).some((key) => key.includes(message.file._id)), {
          describe: () => 'body removed',
        });
        expect(await probe.db.collection('rocketchat_uploads').countDocuments({ rid: doomed._id })).toBe(0);
      });
    });

    describe('avatars', () => {
      it('GET /avatar/:username: the generated initial on a colour from the name, ?size, ETag', async () => {
        const response = await fetch(`${t.stack.gatewayUrl()}/avatar/${alice.username}?size=64`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/svg+xml');
        const svg = await response.text();
        expect(svg).toContain('width="64"');
        expect(svg).toContain('>A</text>');
        const etag = response.headers.get('etag')!;
        expect(
          (await fetch(`${t.stack.gatewayUrl()}/avatar/${alice.username}?size=64`, { headers: { 'if-none-match': etag } })).status,
        ).toBe(304);
      });
    });

    describe('bad input: a clear error, nothing stored, the server fine', () => {
      let before: { metadata: number; keys: string[] };
      beforeAll(async () => {
        before = await snapshot();
      });
      afterAll(async () => {
        await expectNothingNew(before);
        // Still serving.
        expect((await media(alice, { name: 'after.txt', type: 'text/plain', body: Buffer.from('fine') })).status).toBe(200);
      });

      const refused = async (response: { status: number; body: Record<string, any> }, errorType: string) => {
        expect(response.body).toMatchObject({ success: false, errorType });
        expect(response.status).toBe(400);
        await expectNothingNew(before);
      };

      it('a non-member uploading (403)', async () => {
        const response = await media(eve, { name: 'x.txt', body: Buffer.from('x') });
        expect(response).toEqual({ status: 403, body: { success: false, error: 'unauthorized' } });
        await expectNothingNew(before);
      });

      it('no file field; a file under another field', async () => {
        await refused(await media(alice, undefined, { msg: 'no file' }), 'error-no-file');
        await refused(await media(alice, { field: 'attachment', name: 'x.txt', body: Buffer.from('x') }), 'invalid-field');
      });

      it('a refused type: SVG (black list by default), and the sniffed type against the white list, not the claim', async () => {
        const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        await refused(await media(alice, { name: 'x.svg', type: 'image/svg+xml', body: svg }), 'error-invalid-file-type');
        await setSetting('FileUpload_MediaTypeWhiteList', 'text/plain');
        try {
          const disguised = await png(10, 10);
          await refused(await media(alice, { name: 'notes.txt', type: 'text/plain', body: disguised }), 'error-invalid-file-type');
        } finally {
          await setSetting('FileUpload_MediaTypeWhiteList', '');
        }
      });

      it('a zero-byte file; an image that is not one; a decompression bomb', async () => {
        await refused(await media(alice, { name: 'empty.txt', type: 'text/plain', body: Buffer.alloc(0) }), 'error-invalid-file');
        await refused(
          await media(alice, { name: 'fake.png', type: 'image/png', body: Buffer.from('not a picture at all') }),
          'error-invalid-file',
        );
        const bomb = await media(alice, { name: 'bomb.png', type: 'image/png', body: decompressionBomb() });
        await refused(bomb, 'error-invalid-file');
        expect(bomb.body.error).toMatch(/larger than/);
      });

      it('a 1 MB file name', async () => {
        const response = await media(alice, { name: `${'n'.repeat(MB)}.txt`, type: 'text/plain', body: Buffer.from('x') });
        expect(response.status).toBe(400);
        expect(response.body.success).toBe(false);
        await expectNothingNew(before);
      });

      it('a path-like name is kept as a plain file name, and the body under the id', async () => {
        const stored = await media(alice, { name: '../../etc/passwd', type: 'text/plain', body: Buffer.from('root:x:0:0') });
        expect(stored.body.file.url).toBe(`/file-upload/${stored.body.file._id}/passwd`);
        const keys = await backend.storedKeys();
        expect(keys.some((key) => key.includes('passwd') || key.includes('..'))).toBe(false);
        // Not bad input after all: count it in what the suite stores.
        before = await snapshot();
      });

      it('too large: refused while streaming, at the limit, not after the whole body', async () => {
        await setSetting('FileUpload_MaxFileSize', MB);
        try {
          const sender = new StreamingUpload(t.stack.gatewayUrl(), `/api/v1/rooms.media/${channel._id}`, alice.api.credentials!);
          const chunk = Buffer.alloc(256 * 1024, 7);
          // The body is never ended: an answer at all means the server refused while it streamed. How much the
          // client had written by then is the socket buffers' business (timing), so it is only bounded by the cap.
          while (!sender.answered && sender.written < 64 * MB) await sender.write(chunk).catch(() => undefined);
          expect(sender.answered).toBe(true);
          expect(sender.writtenWhenAnswered).toBeLessThan(64 * MB);
          const { status, body } = await sender.response;
          expect(status).toBe(400);
          expect(JSON.parse(body)).toMatchObject({ success: false, errorType: 'error-file-too-large' });
          sender.abort();
          await expectNothingNew(before);
        } finally {
          await setSetting('FileUpload_MaxFileSize', 104_857_600);
        }
      });

      it('a file of exactly FileUpload_MaxFileSize is accepted, one byte more is not', async () => {
        await setSetting('FileUpload_MaxFileSize', 10);
        try {
          await refused(
            await media(alice, { name: 'eleven.txt', type: 'text/plain', body: Buffer.from('01234567890') }),
            'error-file-too-large',
          );
          expect((await media(alice, { name: 'ten.txt', type: 'text/plain', body: Buffer.from('0123456789') })).status).toBe(200);
          before = await snapshot();
        } finally {
          await setSetting('FileUpload_MaxFileSize', 104_857_600);
        }
      });

      it('a client that goes away mid-upload', async () => {
        const sender = new StreamingUpload(t.stack.gatewayUrl(), `/api/v1/rooms.media/${channel._id}`, alice.api.credentials!);
        // Until the storage shows the body being written (S3 buffers 5 MB before its multipart upload begins).
        while ((await backend.inProgress()).length === before.keys.length && sender.written < 64 * MB) {
          await sender.write(Buffer.alloc(MB, 3));
        }
        expect((await backend.inProgress()).length).toBeGreaterThan(before.keys.length);
        sender.abort();
        await expectNothingNew(before);
        // No multipart upload left pending either (S3).
        await waitFor(async () => (await backend.inProgress()).length === before.keys.length, { describe: () => 'no upload in progress' });
      });

      it('uploads switched off: error-file-upload-disabled', async () => {
        await setSetting('FileUpload_Enabled', false);
        try {
          await refused(await media(alice, { name: 'x.txt', body: Buffer.from('x') }), 'error-file-upload-disabled');
        } finally {
          await setSetting('FileUpload_Enabled', true);
        }
      });
    });
  });
}
