import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** Rocket.Chat's own schema of a banner as its REST API answers it (core-typings, zod; ISO dates on the wire). */
const { IBannerSchema } = createRequire(import.meta.url)('@rocket.chat/core-typings') as {
  IBannerSchema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: unknown[] } } };
};

/** The web client's `Random.id()` trigger ids. */
const triggerId = () => uniqueName('t').replace(/-/g, '') + Math.random().toString(36).slice(2, 10);
const sleepUntil = (date: Date) => new Promise((resolve) => setTimeout(resolve, Math.max(0, date.getTime() - Date.now() + 50)));

/** `sdk.rest.post('/apps/ui.interaction/<appId>', …)` as the web client's ActionManager sends it. */
const interact = (api: RestClient, appId: string, body: Record<string, unknown>) => api.post(`/api/apps/ui.interaction/${appId}`, body);

interface BannerElement {
  appId: string;
  blockId: string;
  actionId: string;
  type: string;
}

/** The score scale of the survey banner, as the client renders it (the element carries its app and block). */
function scaleOf(banner: any): BannerElement {
  const actions = banner.view.blocks.find((block: any) => block.type === 'actions');
  return actions.elements.find((element: any) => element.type === 'linear_scale');
}

/** What the modal's submit sends: the view as shown, with the state the user filled (`{[blockId]: {[actionId]: value}}`). */
function submission(modal: any, state: Record<string, Record<string, unknown>>) {
  return { type: 'viewSubmit', payload: { view: { ...modal, state } }, viewId: modal.id, triggerId: triggerId() };
}

/** A score clicked on a survey's banner, as the client emits it (a fresh trigger id each time). */
const scoreClick = (surveyId: string, value: number) => ({
  type: 'blockAction',
  actionId: 'nps-banner-score',
  container: { type: 'view', id: surveyId },
  payload: { blockId: surveyId, value },
  triggerId: triggerId(),
});

/** Results posted by the NPS service, as a receiver outside the stack sees them. */
class ResultsReceiver {
  readonly posts: Array<{ path: string; body: any }> = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        this.posts.push({ path: request.url ?? '', body: JSON.parse(text) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('banners, NPS and UI Kit interactions', () => {
  const t = useStack();
  const receiver = new ResultsReceiver();
  let probe: StackProbe;
  let voter: CoreUser;
  let other: CoreUser;
  let late: CoreUser;
  let voterSocket: DdpClient;
  const npsId = uniqueName('nps');
  /** The voter's first modal, as the client kept it. */
  let firstModal: any;
  const votes = () => probe.db.collection('rocketchat_nps_vote').find({ npsId }).toArray();
  const results = async (id = npsId) => ok(await t.admin.get('/api/v1/nps.results', { npsId: id })).results;

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    await queryPlans(probe.db);
    [voter, other, late] = await Promise.all([createUser(t.admin, 'voter'), createUser(t.admin, 'other'), createUser(t.admin, 'late')]);
    ok(await t.admin.post('/api/v1/settings/Nps_Url', { value: await receiver.start() }));
    voterSocket = await DdpClient.connect(t.stack.gatewayUrl());
    await voterSocket.login(voter.username, PASSWORD);
    await Promise.all([
      voterSocket.stream('notify-logged', 'banner-changed'),
      voterSocket.stream('notify-logged', 'new-banner'),
      voterSocket.stream('notify-user', `${voter.id}/banners`),
      voterSocket.stream('notify-user', `${voter.id}/uiInteraction`),
    ]);
  });

  afterAll(async () => {
    await voterSocket?.close();
    await probe?.close();
    await receiver.stop();
  });

  it('takes a vote the way the web client does: banner at start-up, modal through ui.interaction, banner closed, results', async () => {
    const announced = voterSocket.nextPush('notify-logged', 'banner-changed', (push) => push.args[0]?.bannerId === npsId);
    const created = ok(
      await t.admin.post('/api/v1/nps.create', {
        npsId,
        startAt: new Date(Date.now() - 1000).toISOString(),
        expireAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    expect(created.nps).toMatchObject({ _id: npsId, status: 'open', createdBy: { username: 'admin' } });
    await announced;

    // Start-up: `GET /v1/banners?platform=web`, each opened as `{...banner.view, viewId: banner.view.viewId || banner._id}`.
    const { banners } = ok(await voter.api.get('/api/v1/banners', { platform: 'web' }));
    const banner = banners.find((one: any) => one._id === npsId);
    for (const one of banners) expect(IBannerSchema.safeParse(one).error?.issues).toBeUndefined();
    expect(banner).toMatchObject({ platform: ['web', 'mobile'], surface: 'banner', view: { appId: 'banner-core', viewId: npsId } });
    const scale = scaleOf(banner);
    expect(scale).toMatchObject({ appId: 'nps-core', blockId: npsId, minValue: 0, maxValue: 10 });

    // A score chosen on the banner: `emitInteraction(appId, {type: 'blockAction', actionId, container, payload})`.
    const clickTrigger = triggerId();
    const pushedOpen = voterSocket.nextPush('notify-user', `${voter.id}/uiInteraction`, (push) => push.args[0]?.triggerId === clickTrigger);
    const opened = await interact(voter.api, scale.appId, {
      type: 'blockAction',
      actionId: scale.actionId,
      container: { type: 'view', id: banner.view.viewId },
      payload: { blockId: scale.blockId, value: 8 },
      triggerId: clickTrigger,
    });
    expect(opened.status).toBe(200);
    expect(opened.body).not.toHaveProperty('success');
    expect(opened.body).toMatchObject({
      type: 'modal.open',
      triggerId: clickTrigger,
      appId: 'nps-core',
      view: { id: `${npsId}-${npsId}` },
    });
    expect((await pushedOpen).args[0]).toEqual(opened.body);
    const modal = opened.body.view;
    expect(modal.submit.actionId).toBe('send-vote');

    // A new score in the modal updates it.
    const updated = await interact(voter.api, 'nps-core', {
      type: 'blockAction',
      actionId: 'nps-score',
      container: { type: 'view', id: modal.id },
      payload: { blockId: npsId, value: '10' },
      triggerId: triggerId(),
    });
    expect(updated.body).toMatchObject({ type: 'modal.update', view: { id: modal.id } });
    expect(updated.body.view.blocks.find((block: any) => block.type === 'input').label.text).toBe('Why did you choose 10?');

    firstModal = updated.body.view;
    const submit = submission(firstModal, { [npsId]: { 'nps-score': 10, comment: 'Quick and friendly' } });
    const bannerClosed = voterSocket.nextPush('notify-user', `${voter.id}/uiInteraction`, (push) => push.args[0]?.type === 'banner.close');
    const submitted = await interact(voter.api, 'nps-core', submit);
    expect(submitted.body).toEqual({ type: 'modal.close', triggerId: submit.triggerId, appId: 'nps-core' });
    expect((await bannerClosed).args[0]).toMatchObject({ viewId: npsId, triggerId: submit.triggerId });

    // Dismissed for this user on every device: another login does not get it either.
    const otherDevice = await voter.api.as(undefined).login(voter.username, PASSWORD);
    for (const api of [voter.api, otherDevice]) {
      expect(ok(await api.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).not.toContain(npsId);
    }
    expect(ok(await other.api.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).toContain(npsId);

    // Stored anonymised (Rocket.Chat's identifier, the voter's roles, no user id), and counted.
    const stored = await votes();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      identifier: createHash('sha256').update(`${voter.id}${npsId}`).digest('hex'),
      roles: ['user'],
      score: 10,
      comment: 'Quick and friendly',
      status: 'new',
    });
    expect(JSON.stringify(stored[0])).not.toContain(voter.id);
    expect(await results()).toEqual({ npsId, status: 'open', total: 1, promoters: 1, passives: 0, detractors: 0, score: 100 });
  });

  it('refuses malformed interactions, unknown apps and anonymous callers, changing nothing', async () => {
    const before = await probe.db.collection('rocketchat_uikit_trigger').countDocuments({ userId: other.id });
    const malformed = [
      { type: 'blockAction', actionId: 'nps-banner-score', container: { type: 'view', id: npsId }, payload: { blockId: npsId, value: 5 } },
      { type: 'bogus', triggerId: triggerId() },
      {
        type: 'blockAction',
        actionId: 'x',
        container: { type: 'room', id: npsId },
        payload: { blockId: npsId, value: 5 },
        triggerId: triggerId(),
      },
      { type: 'viewSubmit', payload: { view: { id: 'v' } }, triggerId: triggerId() },
      {
        type: 'viewClosed',
        payload: { viewId: 'v', view: { appId: 'a', id: 'v', blocks: [], state: {} } },
        triggerId: triggerId(),
        sneaky: 1,
      },
      {
        type: 'blockAction',
        actionId: 'x',
        container: { type: 'view', id: npsId },
        payload: { blockId: npsId, value: 1 },
        triggerId: { $ne: null },
      },
    ];
    for (const body of malformed) {
      const answer = await interact(other.api, 'nps-core', body);
      expect({ status: answer.status, errorType: answer.body.errorType, success: answer.body.success }).toEqual({
        status: 400,
        errorType: 'invalid-params',
        success: false,
      });
    }
    const unknown = await interact(other.api, 'no-such-app', {
      type: 'viewClosed',
      payload: { viewId: 'v', view: { appId: 'a', id: 'v', blocks: [], state: {} } },
      triggerId: triggerId(),
    });
    expect(unknown.body).toMatchObject({
      success: false,
      errorType: 'error-invalid-app',
      error: 'invalid service name [error-invalid-app]',
    });
    const anonymous = await interact(t.api, 'nps-core', { type: 'blockAction' });
    expect(anonymous.status).toBe(401);
    expect(await probe.db.collection('rocketchat_uikit_trigger').countDocuments({ userId: other.id })).toBe(before);
  });

  it('refuses a score of 11, a forged modal and a spent trigger id, changing nothing', async () => {
    const scale = { type: 'blockAction', actionId: 'nps-banner-score', container: { type: 'view', id: npsId } };
    const eleven = await interact(other.api, 'nps-core', { ...scale, payload: { blockId: npsId, value: 11 }, triggerId: triggerId() });
    expect(eleven.body).toMatchObject({ success: false, errorType: 'error-invalid-nps-score' });

    const click = { ...scale, payload: { blockId: npsId, value: 6 }, triggerId: triggerId() };
    const modal = (await interact(other.api, 'nps-core', click)).body.view;
    expect(modal.id).toBe(`${npsId}-${npsId}`);
    // The same trigger again (a replay, or an answer the client has given up on): spent.
    const replay = await interact(other.api, 'nps-core', click);
    expect(replay.body).toMatchObject({ success: false, errorType: 'error-trigger-id-expired' });

    // Submitted, a score of 11 is shown beside its field (UI Kit's `errors`); the modal stays open.
    const eleventh = submission(modal, { [npsId]: { 'nps-score': 11, comment: '' } });
    const submittedEleven = await interact(other.api, 'nps-core', eleventh);
    expect(submittedEleven.body).toEqual({
      type: 'errors',
      triggerId: eleventh.triggerId,
      appId: 'nps-core',
      viewId: modal.id,
      errors: [{ 'nps-score': 'The score must be an integer from 0 to 10' }],
    });
    // A modal the server never opened for this user (the voter's, submitted by `late`).
    const forged = await interact(late.api, 'nps-core', submission(modal, { [npsId]: { 'nps-score': 7, comment: '' } }));
    expect(forged.body).toMatchObject({ success: false, errorType: 'error-invalid-payload' });

    // A survey for administrators only: not shown to `other`, so no modal; nor a vote slipped into this survey's modal.
    const adminsOnly = uniqueName('nps-admins');
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    ok(
      await t.admin.post('/api/v1/nps.create', {
        npsId: adminsOnly,
        roles: ['admin'],
        startAt: new Date().toISOString(),
        expireAt: inAnHour,
      }),
    );
    const outsider = await interact(other.api, 'nps-core', {
      ...scale,
      container: { type: 'view', id: adminsOnly },
      payload: { blockId: adminsOnly, value: 3 },
      triggerId: triggerId(),
    });
    expect(outsider.body).toMatchObject({ success: false, errorType: 'error-invalid-payload' });
    const swapped = await interact(other.api, 'nps-core', submission(modal, { [adminsOnly]: { 'nps-score': 3, comment: '' } }));
    expect(swapped.body).toMatchObject({ success: false, errorType: 'error-invalid-payload' });
    expect(await probe.db.collection('rocketchat_nps_vote').countDocuments({ npsId: adminsOnly })).toBe(0);

    expect(await votes()).toHaveLength(1);
    expect(ok(await other.api.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).toContain(npsId);
  });

  it('refuses a second vote, and changes a vote only through the change-vote modal while the survey is open', async () => {
    const click = (value: number) => scoreClick(npsId, value);
    // The first modal submitted again (a client that kept it, a double click): a second vote, refused.
    expect(firstModal.submit.actionId).toBe('send-vote');
    const secondVote = await interact(voter.api, 'nps-core', submission(firstModal, { [npsId]: { 'nps-score': 0 } }));
    expect(secondVote.body).toMatchObject({ success: false, errorType: 'error-nps-already-voted' });
    expect(await results()).toMatchObject({ total: 1, promoters: 1, score: 100 });

    // Choosing a score again opens the modal that changes the vote.
    const changeModal = (await interact(voter.api, 'nps-core', click(4))).body.view;
    expect(changeModal.submit.actionId).toBe('change-vote');
    const changed = await interact(
      voter.api,
      'nps-core',
      submission(changeModal, { [npsId]: { 'nps-score': 4, comment: 'Changed my mind' } }),
    );
    expect(changed.body).toMatchObject({ type: 'modal.close' });
    expect(await votes()).toHaveLength(1);
    expect(await results()).toEqual({ npsId, status: 'open', total: 1, promoters: 0, passives: 0, detractors: 1, score: -100 });
  });

  it('administers banners: audience by role and platform, announcements, enable, disable, dismissals kept and discarded', async () => {
    const startAt = new Date(Date.now() - 1000).toISOString();
    const expireAt = new Date(Date.now() + 3_600_000).toISOString();
    const view = { blocks: [{ type: 'section', text: { type: 'plain_text', text: 'Maintenance tonight' } }], variant: 'warning' };

    expect((await voter.api.post('/api/v1/banners.create', { platform: ['web'], startAt, expireAt, view })).status).toBe(403);
    expect((await t.admin.post('/api/v1/banners.create', { platform: ['tv'], startAt, expireAt, view })).body.errorType).toBe(
      'invalid-params',
    );
    expect(
      (await t.admin.post('/api/v1/banners.create', { platform: ['web'], startAt: expireAt, expireAt: startAt, view })).body,
    ).toMatchObject({
      errorType: 'error-invalid-banner',
      error: 'Start date cannot be later than expire date [error-invalid-banner]',
    });

    // Few users hold `user`: each gets the banner itself on `<uid>/banners` (and `new-banner` goes to everyone, deprecated).
    const delivered = voterSocket.nextPush('notify-user', `${voter.id}/banners`);
    const newBanner = voterSocket.nextPush('notify-logged', 'new-banner');
    const { banner } = ok(await t.admin.post('/api/v1/banners.create', { platform: ['mobile'], roles: ['user'], startAt, expireAt, view }));
    expect(banner).toMatchObject({ view: { appId: 'banner-core', viewId: banner._id, variant: 'warning' }, active: true, roles: ['user'] });
    expect((await delivered).args[0]).toMatchObject({ _id: banner._id, view: { viewId: banner._id } });
    expect((await newBanner).args[0]).toEqual({ bannerId: banner._id });

    const shown = async (api: RestClient, platform = 'mobile') =>
      ok(await api.get('/api/v1/banners', { platform })).banners.map((one: any) => one._id);
    expect(await shown(voter.api)).toContain(banner._id);
    expect(await shown(voter.api, 'web')).not.toContain(banner._id);
    expect(ok(await voter.api.get(`/api/v1/banners/${banner._id}`, { platform: 'mobile' })).banners).toHaveLength(1);
    expect(ok(await voter.api.get('/api/v1/banners.getNew', { platform: 'mobile', bid: banner._id })).banners).toHaveLength(1);
    expect((await voter.api.get('/api/v1/banners', {})).body.errorType).toBe('invalid-params');

    const disabled = voterSocket.nextPush('notify-logged', 'banner-changed', (push) => push.args[0]?.bannerId === banner._id);
    ok(await t.admin.post('/api/v1/banners.disable', { bannerId: banner._id }));
    await disabled;
    expect(await shown(voter.api)).not.toContain(banner._id);
    ok(await t.admin.post('/api/v1/banners.enable', { bannerId: banner._id }));
    expect(await shown(voter.api)).toContain(banner._id);

    // Closing the banner (its view, `banner-core`) dismisses it for this user only.
    const closed = await interact(voter.api, 'banner-core', {
      type: 'viewClosed',
      payload: { viewId: banner._id, view: { ...banner.view, id: banner._id, state: {} }, isCleared: false },
      triggerId: triggerId(),
    });
    expect(closed.body).toMatchObject({ type: 'banner.close', viewId: banner._id, appId: 'banner-core' });
    expect(await shown(voter.api)).not.toContain(banner._id);
    expect(await shown(other.api)).toContain(banner._id);

    ok(await t.admin.post('/api/v1/banners.discardDismissal', { bannerId: banner._id }));
    expect(await shown(voter.api)).toContain(banner._id);
    ok(await voter.api.post('/api/v1/banners.dismiss', { bannerId: banner._id }));
    expect(await shown(voter.api)).not.toContain(banner._id);

    const edited = ok(await t.admin.post('/api/v1/banners.update', { bannerId: banner._id, platform: ['web', 'mobile'] })).banner;
    expect(edited.platform).toEqual(['web', 'mobile']);
    expect(await shown(other.api, 'web')).toContain(banner._id);
  });

  it("refuses to dismiss a banner addressed to someone else's roles, changing nothing", async () => {
    const { banner } = ok(
      await t.admin.post('/api/v1/banners.create', {
        platform: ['web'],
        roles: ['admin'],
        startAt: new Date(Date.now() - 1000).toISOString(),
        expireAt: new Date(Date.now() + 3_600_000).toISOString(),
        view: { blocks: [{ type: 'section', text: { type: 'plain_text', text: 'Admins only' } }] },
      }),
    );
    const refused = await other.api.post('/api/v1/banners.dismiss', { bannerId: banner._id });
    expect(refused.body).toEqual({
      success: false,
      error: 'Banner not found [error-banner-not-found]',
      errorType: 'error-banner-not-found',
    });
    // Naming the administrator changes nothing: Rocket.Chat's schema takes `bannerId` alone (a dismissal is always the
    // caller's own), so the extra key is refused.
    const onBehalf = await other.api.post('/api/v1/banners.dismiss', { bannerId: banner._id, userId: t.admin.credentials!.userId });
    expect([onBehalf.status, onBehalf.body.errorType]).toEqual([400, 'invalid-params']);
    expect(ok(await other.api.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).not.toContain(banner._id);
    expect(await probe.db.collection('rocketchat_banner_dismiss').countDocuments({ bannerId: banner._id })).toBe(0);
    expect(ok(await t.admin.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).toContain(banner._id);
  });

  it('posts the results of an expired survey to the configured endpoint', async () => {
    const shortId = uniqueName('nps-short');
    const expireAt = new Date(Date.now() + 4000);
    ok(await t.admin.post('/api/v1/nps.create', { npsId: shortId, startAt: new Date().toISOString(), expireAt: expireAt.toISOString() }));
    const modal = (await interact(other.api, 'nps-core', scoreClick(shortId, 9))).body.view;
    const voted = await interact(other.api, 'nps-core', submission(modal, { [shortId]: { 'nps-score': 9, comment: 'ok' } }));
    expect(voted.body).toMatchObject({ type: 'modal.close' });

    expect(ok(await t.admin.post('/api/v1/nps.sendResults')).sent).toEqual([]);
    await sleepUntil(expireAt);
    expect(ok(await t.admin.post('/api/v1/nps.sendResults')).sent).toEqual([{ npsId: shortId, votes: 1 }]);
    expect(receiver.posts).toEqual([
      {
        path: `/v1/surveys/${shortId}/results`,
        body: {
          total: 1,
          votes: [
            { identifier: createHash('sha256').update(`${other.id}${shortId}`).digest('hex'), roles: ['user'], score: 9, comment: 'ok' },
          ],
        },
      },
    ]);
    expect(await results(shortId)).toMatchObject({ status: 'sent', total: 1, promoters: 1 });
    expect((await voter.api.post('/api/v1/nps.sendResults')).status).toBe(403);
  });

  it('refuses a vote on a closed survey and new surveys once NPS is opted out, changing nothing', async () => {
    const modal = (await interact(late.api, 'nps-core', scoreClick(npsId, 7))).body.view;
    expect(ok(await t.admin.post('/api/v1/nps.closeOpenSurveys')).closed).toBeGreaterThanOrEqual(1);
    const closed = await interact(late.api, 'nps-core', submission(modal, { [npsId]: { 'nps-score': 7, comment: '' } }));
    expect(closed.body).toEqual({ success: false, error: 'NPS not open for votes [error-nps-not-open]', errorType: 'error-nps-not-open' });
    expect(await votes()).toHaveLength(1);
    expect(ok(await late.api.get('/api/v1/banners', { platform: 'web' })).banners.map((one: any) => one._id)).toContain(npsId);

    ok(await t.admin.post('/api/v1/settings/NPS_survey_enabled', { value: false }));
    const optedOut = await t.admin.post('/api/v1/nps.create', {
      startAt: new Date().toISOString(),
      expireAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(optedOut.body).toMatchObject({
      success: false,
      errorType: 'error-nps-disabled',
      error: 'Server opted-out for NPS surveys [error-nps-disabled]',
    });
  });

  it('serves every banner, NPS and trigger query from an index (no collection scan on the local database)', async () => {
    const ours = ['banner', 'banner_dismiss', 'nps', 'nps_vote', 'uikit_trigger'].map((name) => `rocketchat_${name}`);
    expect((await queryPlans(probe.db, ours)).scans).toEqual([]);
  });
});
