import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import AdmZip from 'adm-zip';
import { SmtpCapture, type CapturedMail } from '../accounts/support/smtp-capture.js';
import { queryPlans } from '../support/query-plans.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';
import { StackProbe, createUser, ok, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** The `/data-export/<id>` link of an export e-mail. */
const exportLink = (mail: CapturedMail) => {
  const match = /\/data-export\/([A-Za-z0-9]+)/.exec(mail.html || mail.text);
  if (!match) throw new Error(`no export link in ${mail.html || mail.text}`);
  return match[1];
};

/**
 * Rocket.Chat's user data download end to end, on two core instances running the export job every second
 * (`DATA_EXPORT_CRON`): the request and its 24-hour answer, the zip (HTML or JSON, other users hidden, the posted
 * files) read back with a zip library from the link mailed to a real SMTP server, the owner-only download, and
 * `UserData_EnableDownload` off.
 */
describe('user data download (users.requestDataDownload, /data-export)', () => {
  const t = useStack({
    instances: { core: 2 },
    appEnv: { core: { DATA_EXPORT_CRON: '* * * * * *', DATA_EXPORT_CHECK_INTERVAL_MS: '200' } },
  });
  let smtp: SmtpCapture;
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let roomId: string;
  let roomName: string;
  let uploadId: string;
  const email = (user: CoreUser) => `${user.username}@core.e2e.test`;

  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const download = (fileId: string, headers: Record<string, string> = {}) =>
    fetch(`${t.stack.gatewayUrl()}/data-export/${fileId}`, { headers });
  const auth = (client: RestClient) => ({ 'x-user-id': client.credentials!.userId, 'x-auth-token': client.credentials!.authToken });

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    probe = await StackProbe.open(t.stack);
    await setSetting('From_Email', 'chat@e2e.test');
    await setSetting('SMTP_Port', String(smtp.port));
    await setSetting('SMTP_Host', '127.0.0.1');
    await setSetting('Site_Url', t.stack.gatewayUrl());
    // Two messages per read: the export pages through the room.
    await setSetting('UserData_MessageLimitPerRequest', 2);
    [alice, bob] = await Promise.all([createUser(t.admin, 'exporter'), createUser(t.admin, 'other')]);
    roomName = uniqueName('export-room');
    roomId = ok(await alice.api.post('/api/v1/channels.create', { name: roomName, members: [bob.username] })).channel._id;
    for (const text of ['one', 'two', 'three', '<b>four</b>', 'five']) {
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: roomId, msg: text } }));
    }
    ok(await bob.api.post('/api/v1/chat.sendMessage', { message: { rid: roomId, msg: 'from bob' } }));
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('minutes of the meeting')], { type: 'text/plain' }), 'minutes.txt');
    const uploaded = await fetch(`${t.stack.gatewayUrl()}/api/v1/rooms.upload/${roomId}`, {
      method: 'POST',
      body: form,
      headers: auth(alice.api),
    });
    expect(uploaded.status).toBe(200);
    uploadId = ((await uploaded.json()) as { message: { file: { _id: string } } }).message.file._id;
  });

  afterAll(async () => {
    await probe?.close();
    await smtp?.close();
  });

  it('queues an HTML export, answers it again within the day, and mails a link only its owner may open', async () => {
    const mailed = smtp.next(email(alice));
    const first = ok(await alice.api.get('/api/v1/users.requestDataDownload'));
    expect(first).toEqual({
      success: true,
      requested: true,
      exportOperation: expect.objectContaining({ userId: alice.id, fullExport: false, status: 'pending' }),
    });
    // Asked again the same day: the same operation, not a new one.
    const again = ok(await alice.api.get('/api/v1/users.requestDataDownload?fullExport=false'));
    expect(again).toMatchObject({ requested: false, exportOperation: { _id: first.exportOperation._id } });

    const mail = await mailed;
    expect(mail.subject).toBe('Your Data File is Ready to Download');
    const fileId = exportLink(mail);
    expect(mail.html).toContain(`${t.stack.gatewayUrl()}/data-export/${fileId}`);

    // Anonymous and another user: Rocket.Chat's 403 page; the owner, by headers or by cookies: the zip.
    const anonymous = await download(fileId);
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await anonymous.text()).toContain('You need to log into your Rocket.Chat account to download this data export');
    expect((await download(fileId, auth(bob.api))).status).toBe(403);
    const byCookie = await download(fileId, { cookie: `rc_uid=${alice.id}; rc_token=${alice.api.credentials!.authToken}` });
    expect(byCookie.status).toBe(200);
    const response = await download(fileId, auth(alice.api));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toContain('attachment');

    const zip = new AdmZip(Buffer.from(await response.arrayBuffer()));
    const names = zip.getEntries().map((entry) => entry.entryName);
    expect(names).toEqual(expect.arrayContaining(['user.html', `${roomId}.html`, `assets/${uploadId}-minutes.txt`]));
    expect(zip.readAsText('user.html')).toContain(alice.username);
    const room = zip.readAsText(`${roomId}.html`);
    for (const text of ['one', 'two', 'three', '&lt;b&gt;four&lt;/b&gt;', 'five', 'from bob']) expect(room).toContain(text);
    // Another user's name is hidden (`User_<n>`, numbered in the order users appear across the rooms, whose order
    // is the subscriptions'); the exporter's own is kept.
    expect(room).toContain(`<strong>${alice.username}</strong>`);
    expect(room).toMatch(/<strong>User_\d+<\/strong>/);
    expect(room).not.toContain(bob.username);
    expect(room).toContain(`./assets/${uploadId}-minutes.txt`);
    expect(zip.readAsText(`assets/${uploadId}-minutes.txt`)).toBe('minutes of the meeting');

    // Recorded as Rocket.Chat records it; the job's run that worked it is one, on one instance.
    const operation = await probe.db.collection('rocketchat_export_operations').findOne({ _id: first.exportOperation._id as never });
    expect(operation).toMatchObject({ status: 'completed', fileId });
    const exported = (operation!.roomList as Array<{ roomId: string; status: string; exportedCount: number }>).find(
      (one) => one.roomId === roomId,
    );
    expect(exported?.status).toBe('completed');
    // Six texts and the file's message, read two at a time.
    expect(exported?.exportedCount).toBeGreaterThanOrEqual(7);
    expect(await probe.db.collection('rocketchat_user_data_files').findOne({ _id: fileId as never })).toMatchObject({
      userId: alice.id,
      type: 'application/zip',
      store: 'GridFS:UserDataFiles',
    });
    const runs = await probe.db
      .collection('rocketchat_job_runs')
      .find({ job: 'user-data-download', 'result.operation': first.exportOperation._id })
      .toArray();
    expect(runs).toHaveLength(1);
  });

  it('the full export is JSON: user.json, channels.json and one JSON line per message', async () => {
    const mailed = smtp.next(email(alice));
    const requested = ok(await alice.api.get('/api/v1/users.requestDataDownload?fullExport=true'));
    expect(requested).toMatchObject({ requested: true, exportOperation: { fullExport: true } });
    const fileId = exportLink(await mailed);
    const zip = new AdmZip(Buffer.from(await (await download(fileId, auth(alice.api))).arrayBuffer()));
    expect(JSON.parse(zip.readAsText('user.json'))).toMatchObject({ username: alice.username, emails: [email(alice)] });
    const channels = zip
      .readAsText('channels.json')
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(channels).toContainEqual({ roomId, roomName, type: 'c' });
    const lines = zip
      .readAsText(`${roomName}.json`)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; username: string; type?: string });
    const texts = lines.filter((line) => !line.type).map(({ msg, username }) => [msg, username]);
    expect(texts.slice(0, 6)).toEqual([
      ['one', alice.username],
      ['two', alice.username],
      ['three', alice.username],
      ['<b>four</b>', alice.username],
      ['five', alice.username],
      ['from bob', expect.stringMatching(/^User_\d+$/)],
    ]);
    // The file's message last.
    expect(texts).toHaveLength(7);
  });

  it('UserData_EnableDownload off: the link answers Rocket.Chat\'s "Feature Disabled" page; no such file: 404', async () => {
    expect((await download('no-such-file', auth(alice.api))).status).toBe(404);
    const file = await probe.db.collection('rocketchat_user_data_files').findOne({ userId: alice.id });
    await setSetting('UserData_EnableDownload', false);
    try {
      await waitFor(async () => (await download(String(file!._id), auth(alice.api))).status === 403, {
        timeoutMs: 10_000,
        describe: () => 'the export link refused',
      });
      const refused = await download(String(file!._id), auth(alice.api));
      expect(await refused.text()).toContain('Sorry, user data exports are not enabled on this server!');
    } finally {
      await setSetting('UserData_EnableDownload', true);
    }
  });

  it("the job's polls and the queue ahead of a request read the index, not every operation", async () => {
    const operations = ['rocketchat_export_operations'];
    await queryPlans(probe.db, operations);
    const carol = await createUser(t.admin, 'queued');
    const mailed = smtp.next(email(carol));
    ok(await carol.api.get('/api/v1/users.requestDataDownload'));
    await mailed;
    // The job ran every second on both instances meanwhile: some found nothing to do.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const plans = await queryPlans(probe.db, operations);
    expect(plans.scans).toEqual([]);
    expect(plans.indexes).toContainEqual(expect.stringContaining('status'));
  });

  describe("a room's export (rooms.export, the room menu's Export messages)", () => {
    const exportRoom = (client: RestClient, body: Record<string, unknown>) => client.post('/api/v1/rooms.export', { rid: roomId, ...body });
    const grantToOwners = (roles: string[]) =>
      t.admin.post('/api/v1/permissions.update', { permissions: [{ _id: 'mail-messages', roles }] });
    const today = () => new Date().toISOString().slice(0, 10);

    it("is the administrators' by default (mail-messages), refused in Rocket.Chat's words", async () => {
      const refused = await exportRoom(alice.api, { type: 'file', format: 'html' });
      expect(refused.body).toMatchObject({
        success: false,
        errorType: 'error-action-not-allowed',
        error: 'Mailing is not allowed [error-action-not-allowed]',
      });
      expect((await exportRoom(alice.api, { type: 'fax' })).body).toMatchObject({ errorType: 'error-invalid-params' });
    });

    it("mails the room's messages of a period as a zip link, and chosen messages as an e-mail", async () => {
      ok(await grantToOwners(['admin', 'owner']));
      try {
        expect((await exportRoom(alice.api, { type: 'file', format: 'pdf' })).body).toMatchObject({ errorType: 'error-invalid-format' });
        const backwards = await exportRoom(alice.api, { type: 'file', format: 'html', dateFrom: '2031-01-02', dateTo: today() });
        expect(backwards.body).toMatchObject({
          errorType: 'error-invalid-dates',
          error: 'From date cannot be after To date [error-invalid-dates]',
        });

        const mailed = smtp.next(email(alice));
        expect(ok(await exportRoom(alice.api, { type: 'file', format: 'html', dateFrom: today(), dateTo: today() }))).toEqual({
          success: true,
        });
        const mail = await mailed;
        expect(mail.subject).toBe('Channel Export');
        const zip = new AdmZip(Buffer.from(await (await download(exportLink(mail), auth(alice.api))).arrayBuffer()));
        expect(
          zip
            .getEntries()
            .map((entry) => entry.entryName)
            .sort(),
        ).toEqual([`${roomId}.html`, `assets/${uploadId}-minutes.txt`].sort());
        const room = zip.readAsText(`${roomId}.html`);
        for (const text of ['one', 'five', 'from bob']) expect(room).toContain(text);
        // A period before the room: its file, without a message.
        const olderMail = smtp.next(email(alice));
        ok(await exportRoom(alice.api, { type: 'file', format: 'json', dateFrom: '2020-01-01', dateTo: '2020-01-02' }));
        const older = new AdmZip(Buffer.from(await (await download(exportLink(await olderMail), auth(alice.api))).arrayBuffer()));
        expect(older.readAsText(`${roomName}.json`).trim()).toBe('');

        const { messages } = ok(await alice.api.get('/api/v1/channels.messages', { roomId, count: 50 }));
        const ids = (messages as Array<{ _id: string; msg: string }>).filter((m) => ['one', 'two'].includes(m.msg)).map((m) => m._id);
        expect((await exportRoom(alice.api, { type: 'email', messages: ids })).body).toMatchObject({
          errorType: 'error-invalid-recipient',
        });
        expect((await exportRoom(alice.api, { type: 'email', toEmails: ['x@e2e.test'], messages: [] })).body).toMatchObject({
          errorType: 'error-invalid-messages',
        });
        const toBob = smtp.next(email(bob));
        const sent = ok(
          await exportRoom(alice.api, {
            type: 'email',
            toUsers: [bob.username, 'nobody-here'],
            toEmails: ['minutes@e2e.test'],
            subject: 'Minutes',
            messages: ids,
          }),
        );
        expect(sent).toEqual({ success: true, missing: ['nobody-here'] });
        const minutes = await toBob;
        expect(minutes.subject).toBe('Minutes');
        expect(minutes.to.sort()).toEqual([email(bob), 'minutes@e2e.test'].sort());
        expect(minutes.html).toContain(`<b>${alice.username}</b>`);
        expect(minutes.html).toMatch(/one[\s\S]*two/);
        expect(minutes.html).not.toContain('three');
      } finally {
        ok(await grantToOwners(['admin']));
      }
    });
  });

  it('bad input: no login is 401, and an unknown fullExport value is the HTML export', async () => {
    expect((await t.api.get('/api/v1/users.requestDataDownload')).status).toBe(401);
    const answer = ok(await bob.api.get('/api/v1/users.requestDataDownload?fullExport=yes'));
    expect(answer).toMatchObject({ requested: true, exportOperation: { fullExport: false } });
  });
});
