/** Rocket.Chat's `NPSStatus`. */
export type NpsStatus = 'open' | 'sending' | 'sent' | 'closed';

/** `rocketchat_nps`: a Net Promoter Score survey. */
export interface INps {
  _id: string;
  startAt: Date;
  expireAt: Date;
  createdBy: { _id: string; username?: string };
  createdAt: Date;
  status: NpsStatus;
  _updatedAt: Date;
}

/** Rocket.Chat's `INpsVoteStatus`: whether a vote reached the results endpoint. */
export type NpsVoteStatus = 'new' | 'sending' | 'sent';

/**
 * `rocketchat_nps_vote`: one vote, anonymised as Rocket.Chat does — no user id, only `identifier`
 * (SHA-256 of user id and survey id, so the same user's second vote finds the first) and the voter's roles.
 */
export interface INpsVote {
  _id: string;
  npsId: string;
  ts: Date;
  identifier: string;
  roles?: string[];
  score: number;
  comment: string;
  status: NpsVoteStatus;
  sentAt?: Date;
  _updatedAt: Date;
}
