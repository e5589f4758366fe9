import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, type BlockActionInteraction, type ViewSubmitInteraction } from '@rc/contracts';
import { BannersService } from '../banners/banners.service.js';
import type { InteractionAnswer, InteractionContext, UiKitCoreApp } from '../uikit/uikit-core-app.js';
import { UiKitCoreAppRegistry } from '../uikit/uikit-core-app.registry.js';
import { UiKitCoreAppService } from '../uikit/uikit-core-app.service.js';
import { parseComment, parseScore } from './nps-score.js';
import { NpsService } from './nps.service.js';
import { CHANGE_VOTE_ACTION, MODAL_SCORE_ACTION, NPS_CORE_APP_ID, modalViewId, voteModal } from './nps-views.js';

const invalidPayload = (reason = 'Invalid payload') => new DomainError(ErrorCode.InvalidUiKitPayload, reason);
const notOpenedForYou = () => invalidPayload('This view was not opened for you');

/** A field's error as UI Kit's `errors` lists them (`{[actionId]: message}`), or none. */
function fieldError(actionId: string, parse: () => unknown): Record<string, string> | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return { [actionId]: error.reason };
    throw error;
  }
}

/**
 * Rocket.Chat's `nps-core` app: a score chosen on the survey banner opens the vote modal (chosen in the modal,
 * it updates it); the modal's submission stores the vote and dismisses the banner for its user.
 */
@Injectable()
export class NpsCoreApp implements UiKitCoreApp, OnModuleInit {
  readonly appId = NPS_CORE_APP_ID;

  constructor(
    private readonly registry: UiKitCoreAppRegistry,
    private readonly interactions: UiKitCoreAppService,
    private readonly nps: NpsService,
    private readonly banners: BannersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async blockAction({ actionId, container, payload }: BlockActionInteraction, context: InteractionContext): Promise<InteractionAnswer> {
    if (container.type !== 'view') throw invalidPayload();
    const npsId = payload.blockId;
    const score = parseScore(payload.value);
    await this.nps.openSurvey(npsId, context.now);
    // A survey's banner has the survey's id (as Rocket.Chat's): its audience is the survey's. From the banner,
    // the user must be in it; from the modal, the modal must be one opened for them (after that check).
    const fromModal = actionId === MODAL_SCORE_ACTION;
    const allowed = fromModal
      ? container.id === modalViewId(npsId, npsId) && (await context.wasOpened(container.id))
      : container.id === npsId && (await this.banners.isFor(context.user, npsId));
    if (!allowed) throw notOpenedForYou();
    return voteModal({
      type: fromModal ? 'modal.update' : 'modal.open',
      npsId,
      bannerId: npsId,
      triggerId: context.triggerId,
      score,
      changing: await this.nps.hasVoted(context.user._id, npsId),
    });
  }

  async viewSubmit({ payload: { view } }: ViewSubmitInteraction, context: InteractionContext): Promise<InteractionAnswer> {
    const [npsId, ...others] = Object.keys(view.state);
    if (!npsId || others.length > 0) throw invalidPayload();
    // The state must be the one survey of the modal, a modal opened for this user.
    if (view.id !== modalViewId(npsId, npsId) || !(await context.wasOpened(view.id))) throw notOpenedForYou();
    const { user, now, triggerId } = context;
    const values = view.state[npsId];
    // A field the user got wrong is shown beside it (UI Kit's `errors`), the modal left open.
    const fieldErrors = [
      fieldError(MODAL_SCORE_ACTION, () => parseScore(values[MODAL_SCORE_ACTION])),
      fieldError('comment', () => parseComment(values.comment)),
    ];
    const errors = fieldErrors.filter((error) => error !== undefined);
    if (errors.length > 0) return { type: 'errors', triggerId, appId: this.appId, viewId: view.id, errors };
    const score = parseScore(values[MODAL_SCORE_ACTION]);
    const comment = parseComment(values.comment);
    const submit = view.submit as { actionId?: unknown } | undefined;
    await this.nps.vote(user, npsId, score, comment, submit?.actionId === CHANGE_VOTE_ACTION, now);
    const bannerId = npsId;
    await this.banners.dismiss({ userId: user._id, username: user.username }, bannerId);
    // The survey's banner closes wherever the user shows it; the modal closes with the answer.
    this.interactions.push(user._id, { type: 'banner.close', triggerId, appId: this.appId, viewId: bannerId });
    return { type: 'modal.close', triggerId, appId: this.appId };
  }
}
