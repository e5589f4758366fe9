import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ITeam } from '@rc/contracts';
import { TeamsRepository } from '@rc/models';

/** The team a request names by `teamId` or `teamName`. */
@Injectable()
export class TeamResolver {
  constructor(private readonly teams: TeamsRepository) {}

  async resolve(selector: { teamId?: string; teamName?: string }): Promise<ITeam> {
    if (!selector.teamId && !selector.teamName) {
      throw new DomainError(ErrorCode.InvalidParams, 'The parameter "teamId" or "teamName" is required');
    }
    const team = selector.teamId ? await this.teams.findById(selector.teamId) : await this.teams.findByName(selector.teamName!);
    if (!team) throw new DomainError(ErrorCode.TeamNotFound, 'team-does-not-exist');
    return team;
  }
}
