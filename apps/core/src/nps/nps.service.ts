import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type INps, type NpsResults, type RpcParsedRequest, type npsCreate } from '@rc/contracts';
import { NpsRepository, NpsVotesRepository, randomId } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { SettingsCache } from '@rc/settings';
import { BannersService } from '../banners/banners.service.js';
import type { InteractingUser } from '../uikit/uikit-core-app.js';
import { aggregate } from './nps-score.js';
import { surveyBannerView } from './nps-views.js';

/** Rocket.Chat's NPS surveys come from its cloud; here whoever manages the cloud connection drives them. */
const MANAGE_NPS = 'manage-cloud';
const RESULTS_TIMEOUT_MS = 10_000;

/** Rocket.Chat's anonymised voter: the same user and survey always give the same identifier, nothing more. */
export const voterIdentifier = (userId: string, npsId: string) => createHash('sha256').update(`${userId}${npsId}`).digest('hex');

/**
 * Rocket.Chat's NPS service (`rocketchat_nps`, `rocketchat_nps_vote`): surveys, their banner for every eligible
 * user, one anonymised vote per user and survey, closing, results, and sending them to `Nps_Url`.
 */
@Injectable()
export class NpsService {
  private readonly logger = new Logger(NpsService.name);

  constructor(
    private readonly surveys: NpsRepository,
    private readonly votes: NpsVotesRepository,
    private readonly banners: BannersService,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
  ) {}

  async create(actor: Actor, input: RpcParsedRequest<typeof npsCreate>) {
    await this.access.requirePermission(actor.userId, MANAGE_NPS);
    this.requireEnabled();
    if (input.startAt > input.expireAt) throw new DomainError(ErrorCode.InvalidParams, 'Start date cannot be later than expire date');
    const npsId = input.npsId ?? randomId();
    if (await this.surveys.findById(npsId)) throw new DomainError(ErrorCode.InvalidParams, `NPS ${npsId} already exists`);
    const createdBy = { _id: actor.userId, username: actor.username };
    // The banner first: a survey nobody is shown would take no votes. Its id is the survey's, as Rocket.Chat's.
    const banner = await this.banners.create({
      _id: npsId,
      platform: input.platform ?? ['web', 'mobile'],
      startAt: input.startAt,
      expireAt: input.expireAt,
      ...(input.roles && { roles: input.roles }),
      createdBy,
      view: surveyBannerView(npsId, this.settings.get<string>('Site_Name')),
    });
    const nps = await this.surveys.insert({
      _id: npsId,
      startAt: input.startAt,
      expireAt: input.expireAt,
      createdBy,
      createdAt: new Date(),
      status: 'open',
    });
    return { nps, banner };
  }

  /** The survey a vote or its modal is for: open, started, not expired (Rocket.Chat's checks and words). */
  async openSurvey(npsId: string, now: Date): Promise<INps> {
    this.requireEnabled();
    const nps = await this.surveys.findById(npsId);
    if (!nps) throw new DomainError(ErrorCode.NpsNotFound, 'Invalid NPS id');
    if (nps.status !== 'open') throw new DomainError(ErrorCode.NpsNotOpen, 'NPS not open for votes');
    if (now > nps.expireAt) throw new DomainError(ErrorCode.NpsNotOpen, 'NPS expired');
    if (now < nps.startAt) throw new DomainError(ErrorCode.NpsNotOpen, 'NPS survey not started');
    return nps;
  }

  async hasVoted(userId: string, npsId: string): Promise<boolean> {
    return (await this.votes.findOne(npsId, voterIdentifier(userId, npsId))) !== null;
  }

  /**
   * One vote per user and survey. A first vote (`change: false`) is refused when one exists; a change replaces
   * it while the survey is open.
   */
  async vote(user: InteractingUser, npsId: string, score: number, comment: string, change: boolean, now: Date): Promise<void> {
    await this.openSurvey(npsId, now);
    const identifier = voterIdentifier(user._id, npsId);
    const existing = await this.votes.findOne(npsId, identifier);
    if (existing && !change) throw new DomainError(ErrorCode.NpsAlreadyVoted, 'You have already voted in this survey');
    await this.votes.save({ npsId, identifier, roles: user.roles, score, comment }, now);
  }

  async closeOpenSurveys(actor: Actor): Promise<{ closed: number }> {
    await this.access.requirePermission(actor.userId, MANAGE_NPS);
    return { closed: await this.surveys.closeAllOpen() };
  }

  async results(actor: Actor, npsId: string): Promise<{ results: NpsResults }> {
    await this.access.requirePermission(actor.userId, MANAGE_NPS);
    const nps = await this.surveys.findById(npsId);
    if (!nps) throw new DomainError(ErrorCode.NpsNotFound, 'Invalid NPS id');
    return { results: { npsId, status: nps.status, ...aggregate(await this.votes.countByScore(npsId)) } };
  }

  /**
   * Rocket.Chat's `sendResults`: every open survey past its expiry posts its unsent votes (anonymised) to
   * `<Nps_Url>/v1/surveys/<id>/results` and becomes `sent`. A failed post puts the survey and its votes back, to
   * be sent by a later call.
   */
  async sendResults(actor: Actor): Promise<{ sent: Array<{ npsId: string; votes: number }> }> {
    await this.access.requirePermission(actor.userId, MANAGE_NPS);
    if (!this.settings.get<boolean>('NPS_survey_enabled')) return { sent: [] };
    const sent: Array<{ npsId: string; votes: number }> = [];
    for (
      let nps = await this.surveys.claimExpiredForSending(new Date());
      nps;
      nps = await this.surveys.claimExpiredForSending(new Date())
    ) {
      const votes = await this.votes.findByStatus(nps._id, 'new');
      const ids = votes.map(({ _id }) => _id);
      await this.votes.setStatus(ids, 'sending', new Date());
      const payload = {
        total: await this.votes.count(nps._id),
        votes: votes.map(({ identifier, roles, score, comment }) => ({ identifier, roles, score, comment })),
      };
      if (await this.post(nps._id, payload)) {
        await this.votes.setStatus(ids, 'sent');
        await this.surveys.setStatus(nps._id, 'sent');
        sent.push({ npsId: nps._id, votes: votes.length });
      } else {
        await this.votes.setStatus(ids, 'new');
        await this.surveys.setStatus(nps._id, 'open');
        break;
      }
    }
    return { sent };
  }

  private async post(npsId: string, payload: object): Promise<boolean> {
    const url = `${this.settings.get<string>('Nps_Url').replace(/\/+$/, '')}/v1/surveys/${encodeURIComponent(npsId)}/results`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(RESULTS_TIMEOUT_MS),
      });
      if (response.ok) return true;
      this.logger.warn(`NPS results of ${npsId} refused by ${url}: HTTP ${response.status}`);
    } catch (error) {
      this.logger.warn(`NPS results of ${npsId} not sent to ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return false;
  }

  private requireEnabled(): void {
    if (!this.settings.get<boolean>('NPS_survey_enabled')) throw new DomainError(ErrorCode.NpsDisabled, 'Server opted-out for NPS surveys');
  }
}
