import { Injectable } from '@nestjs/common';
import { TEAM_TYPE, type Actor, type ITeam } from '@rc/contracts';
import { TeamMembersRepository, TeamsRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';

/** Rocket.Chat's `findBySubscribedUserIds`, behind `users.listTeams`. */
@Injectable()
export class TeamsOfUserService {
  constructor(
    private readonly access: AccessService,
    private readonly teams: TeamsRepository,
    private readonly teamMembers: TeamMembersRepository,
  ) {}

  /** The teams `userId` is in that the caller may know of (every one with `view-all-teams`), and whether `userId` owns each. */
  async list(actor: Actor, userId: string): Promise<{ teams: Array<ITeam & { isOwner: boolean }> }> {
    const memberships = await this.teamMembers.findByUser(userId);
    const teamIds = memberships.map(({ teamId }) => teamId);
    let teams = await this.teams.findByIds(teamIds, 0, 0);
    if (!(await this.access.hasPermission(actor.userId, 'view-all-teams'))) {
      const shared = new Set((await this.teamMembers.findByUser(actor.userId, teamIds)).map(({ teamId }) => teamId));
      teams = teams.filter((team) => team.type === TEAM_TYPE.PUBLIC || shared.has(team._id));
    }
    const owned = new Set(memberships.filter(({ roles }) => roles?.includes('owner')).map(({ teamId }) => teamId));
    return { teams: teams.map((team) => ({ ...team, isOwner: owned.has(team._id) })) };
  }
}
