import { DomainError, ErrorCode } from '@rc/contracts';

/**
 * A score as a linear scale sends it (a number, or its text): an integer from 0 to 10. Rocket.Chat takes
 * `Number(score)` of anything; a score outside the scale would skew every result, so it is refused.
 */
export function parseScore(value: unknown): number {
  const score = typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) {
    throw new DomainError(ErrorCode.InvalidNpsScore, 'The score must be an integer from 0 to 10', { score: value });
  }
  return score;
}

export const MAX_COMMENT_LENGTH = 2000;

/** The comment typed in the modal: text, possibly none. */
export function parseComment(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > MAX_COMMENT_LENGTH) {
    throw new DomainError(ErrorCode.InvalidUiKitPayload, `The comment must be text of at most ${MAX_COMMENT_LENGTH} characters`);
  }
  return value;
}

/** Promoters 9–10, passives 7–8, detractors 0–6; the score is % promoters − % detractors, rounded. */
export function aggregate(countsByScore: ReadonlyMap<number, number>) {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, count] of countsByScore) {
    if (score >= 9) promoters += count;
    else if (score >= 7) passives += count;
    else detractors += count;
  }
  const total = promoters + passives + detractors;
  const score = total === 0 ? null : Math.round(((promoters - detractors) / total) * 100);
  return { total, promoters, passives, detractors, score };
}
