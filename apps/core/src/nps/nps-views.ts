import type * as UiKit from '@rocket.chat/ui-kit';

export const NPS_CORE_APP_ID = 'nps-core';
/** The modal's score element (Rocket.Chat's): choosing a score in the modal updates it. */
export const MODAL_SCORE_ACTION = 'nps-score';
/** The banner's score element: choosing a score there opens the modal. */
export const BANNER_SCORE_ACTION = 'nps-banner-score';
export const SEND_VOTE_ACTION = 'send-vote';
/** The modal's submit when the user already voted: submitting changes the vote. */
export const CHANGE_VOTE_ACTION = 'change-vote';

const text = (value: string): UiKit.PlainText => ({ type: 'plain_text', text: value, emoji: false });

/** The modal's id, Rocket.Chat's `${npsId}-${bannerId}` (a survey's banner has the survey's id). */
export const modalViewId = (npsId: string, bannerId: string) => `${npsId}-${bannerId}`;

/**
 * The survey banner shown to every eligible user (Rocket.Chat receives it from its cloud): the question and a
 * 0–10 scale whose choice opens the vote modal. The view is `banner-core`'s (closing it dismisses the banner);
 * the scale is `nps-core`'s.
 */
export function surveyBannerView(npsId: string, siteName: string): Omit<UiKit.BannerView, 'viewId'> {
  return {
    appId: 'banner-core',
    variant: 'neutral',
    title: text(`Help us improve ${siteName}`),
    blocks: [
      {
        type: 'section',
        blockId: `${npsId}-question`,
        text: text(`How likely are you to recommend ${siteName} to a friend or colleague?`),
      },
      {
        type: 'actions',
        blockId: npsId,
        elements: [scale(npsId, BANNER_SCORE_ACTION)],
      },
    ],
  };
}

export interface VoteModalParams {
  type: 'modal.open' | 'modal.update';
  npsId: string;
  bannerId: string;
  triggerId: string;
  score: number;
  /** The user already voted: the modal changes their vote. */
  changing: boolean;
}

/** Rocket.Chat's NPS modal (`createModal`): the score, a comment, Send and Cancel. */
export function voteModal({ type, npsId, bannerId, triggerId, score, changing }: VoteModalParams): UiKit.ServerInteraction {
  const view: UiKit.ModalView = {
    appId: NPS_CORE_APP_ID,
    id: modalViewId(npsId, bannerId),
    title: text('We appreciate your feedback'),
    submit: {
      type: 'button',
      appId: NPS_CORE_APP_ID,
      blockId: npsId,
      actionId: changing ? CHANGE_VOTE_ACTION : SEND_VOTE_ACTION,
      text: text(changing ? 'Change my vote' : 'Send'),
    },
    close: { type: 'button', appId: NPS_CORE_APP_ID, blockId: npsId, actionId: 'cancel', text: text('Cancel') },
    blocks: [
      { type: 'section', blockId: `${npsId}-score-label`, text: text('Score') },
      { type: 'actions', blockId: npsId, elements: [{ ...scale(npsId, MODAL_SCORE_ACTION), initialValue: score }] },
      {
        type: 'input',
        blockId: npsId,
        label: text(`Why did you choose ${score}?`),
        optional: true,
        element: {
          type: 'plain_text_input',
          appId: NPS_CORE_APP_ID,
          blockId: npsId,
          actionId: 'comment',
          multiline: true,
          maxLength: 2000,
        },
      },
    ],
  };
  return { type, triggerId, appId: NPS_CORE_APP_ID, view };
}

function scale(npsId: string, actionId: string): UiKit.LinearScaleElement {
  return {
    type: 'linear_scale',
    appId: NPS_CORE_APP_ID,
    blockId: npsId,
    actionId,
    minValue: 0,
    maxValue: 10,
    preLabel: text('Not likely'),
    postLabel: text('Extremely likely'),
  };
}
