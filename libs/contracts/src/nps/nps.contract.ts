import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date } from '../core/wire-params.js';
import { ActorField } from '../rooms/common-fields.js';
import type { IBanner } from '../typings/banner.js';
import type { INps, NpsStatus } from '../typings/nps.js';
import { BannerAudienceFields } from '../banners/banner-fields.js';

export const NpsIdField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a survey id');

/** A survey's aggregated votes: promoters score 9–10, passives 7–8, detractors 0–6; score = %promoters − %detractors. */
export interface NpsResults {
  npsId: string;
  status: NpsStatus;
  total: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100 … 100, rounded; `null` before the first vote. */
  score: number | null;
}

// Rocket.Chat receives its surveys from its cloud (`NPS.create` from the cloud sync); here an administrator
// holding `manage-cloud` drives them through these routes.

/**
 * `POST nps.create` (Rocket.Chat's `NPS.create`): an open survey and its banner for every eligible user
 * (`roles`, default everyone; `platform`, default web and mobile). Refused when `NPS_survey_enabled` is off.
 */
export const npsCreate = defineRpc({
  subject: 'nps.create',
  request: z.strictObject({
    actor: ActorField,
    npsId: NpsIdField.optional(),
    startAt: z.date(),
    expireAt: z.date(),
    roles: BannerAudienceFields.roles,
    platform: BannerAudienceFields.platform.optional(),
  }),
  response: as<{ nps: INps; banner: IBanner }>(),
}).post('nps.create', {
  request: ({ body, actor }) => ({
    actor,
    npsId: body.npsId,
    startAt: date(body.startAt),
    expireAt: date(body.expireAt),
    roles: body.roles,
    platform: body.platform,
  }),
});

/** `POST nps.closeOpenSurveys` (Rocket.Chat's `NPS.closeOpenSurveys`): every open survey stops taking votes. */
export const npsCloseOpenSurveys = defineRpc({
  subject: 'nps.closeOpenSurveys',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ closed: number }>(),
}).post('nps.closeOpenSurveys', { request: ({ actor }) => ({ actor }) });

/** `GET nps.results?npsId=`: the survey's votes, aggregated. */
export const npsResults = defineRpc({
  subject: 'nps.results',
  request: z.strictObject({ actor: ActorField, npsId: NpsIdField }),
  response: as<{ results: NpsResults }>(),
}).get('nps.results', { request: ({ query, actor }) => ({ actor, npsId: query.npsId }) });

/**
 * `POST nps.sendResults` (Rocket.Chat's `NPS.sendResults`): each open survey past its expiry posts its votes
 * (`{total, votes: [{identifier, roles, score, comment}]}`) to `<Nps_Url>/v1/surveys/<npsId>/results`, then is `sent`.
 */
export const npsSendResults = defineRpc({
  subject: 'nps.sendResults',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ sent: Array<{ npsId: string; votes: number }> }>(),
}).post('nps.sendResults', { request: ({ actor }) => ({ actor }) });
