import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ITeam } from '@rc/contracts';
import { TeamsRepository } from '@rc/models';

/**
 * Rocket.Chat's Team service throws bare `Error('<id>')`s and its `teams.*` routes answer `API.v1.failure('<id>')`:
 * over REST the id alone, without an `errorType` (`team-does-not-exist`, `member-does-not-exist`, `invalid-room`, …).
 */
export const teamFailure = (id: string) => new DomainError(ErrorCode.PlainFailure, id);

/** The team a request names by `teamId` or `teamName`. */
@Injectable()
export class TeamResolver {
  constructor(private readonly teams: TeamsRepository) {}

  /** `notFound`: the route's text when there is no such team (`teams.info` says "Team not found"). */
  async resolve(selector: { teamId?: string; teamName?: string }, notFound = 'team-does-not-exist'): Promise<ITeam> {
    if (!selector.teamId && !selector.teamName) {
      throw new DomainError(ErrorCode.InvalidParams, 'The parameter "teamId" or "teamName" is required');
    }
    const team = selector.teamId ? await this.teams.findById(selector.teamId) : await this.teams.findByName(selector.teamName!);
    if (!team) throw teamFailure(notFound);
    return team;
  }
}
