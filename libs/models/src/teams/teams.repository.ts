import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ITeam, ITeamMember } from '@rc/contracts';
import type { Model } from 'mongoose';
import { TEAM_MEMBER_MODEL, TEAM_MODEL } from './team.schema.js';

/** `rocketchat_team`. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectModel(TEAM_MODEL) private readonly teams: Model<ITeam>) {}

  async insert(team: Omit<ITeam, '_updatedAt'>): Promise<ITeam> {
    return (await this.teams.create(team)).toObject<ITeam>();
  }

  findById(id: string): Promise<ITeam | null> {
    return this.teams.findById(id).lean<ITeam>().exec();
  }

  findByName(name: string): Promise<ITeam | null> {
    return this.teams.findOne({ name }).lean<ITeam>().exec();
  }

  /** Team names in `@team` mentions (the unique `name` index). */
  findByNames(names: string[]): Promise<ITeam[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.teams
      .find({ name: { $in: names } })
      .lean<ITeam[]>()
      .exec();
  }

  findByIds(ids: string[], skip: number, limit: number): Promise<ITeam[]> {
    return this.teams
      .find({ _id: { $in: ids } })
      .sort({ name: 1 })
      .skip(skip)
      .limit(limit)
      .lean<ITeam[]>()
      .exec();
  }

  /** Every team, by name, a page at a time (`teams.listAll`). */
  async findPage(skip: number, limit: number): Promise<{ teams: ITeam[]; total: number }> {
    const [teams, total] = await Promise.all([
      this.teams.find({}).sort({ name: 1 }).skip(skip).limit(limit).lean<ITeam[]>().exec(),
      this.teams.countDocuments({}).exec(),
    ]);
    return { teams, total };
  }

  /** `teams.update`: a new name and/or type (the main room is renamed or retyped by its owner service). */
  updateNameAndType(id: string, data: { name?: string; type?: ITeam['type'] }): Promise<ITeam | null> {
    const set = { ...(data.name !== undefined && { name: data.name }), ...(data.type !== undefined && { type: data.type }) };
    return this.teams.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<ITeam>().exec();
  }

  async deleteById(id: string): Promise<void> {
    await this.teams.deleteOne({ _id: id }).exec();
  }
}

/** `rocketchat_team_member`. */
@Injectable()
export class TeamMembersRepository {
  constructor(@InjectModel(TEAM_MEMBER_MODEL) private readonly members: Model<ITeamMember>) {}

  /** Adds memberships; existing ones stay as they are (duplicates are skipped, not errors). */
  async insertMany(members: Array<Omit<ITeamMember, '_updatedAt'>>): Promise<void> {
    if (members.length === 0) return;
    await this.members.bulkWrite(
      members.map((member) => ({
        updateOne: {
          filter: { teamId: member.teamId, userId: member.userId },
          update: { $setOnInsert: member },
          upsert: true,
        },
      })),
    );
  }

  findOne(teamId: string, userId: string): Promise<ITeamMember | null> {
    return this.members.findOne({ teamId, userId }).lean<ITeamMember>().exec();
  }

  /** A user's memberships: which teams, with their roles in each. */
  findByUser(userId: string, teamIds?: string[]): Promise<Array<Pick<ITeamMember, 'teamId' | 'roles'>>> {
    return this.members
      .find({ userId, ...(teamIds && { teamId: { $in: teamIds } }) }, { teamId: 1, roles: 1 })
      .lean<Array<Pick<ITeamMember, 'teamId' | 'roles'>>>()
      .exec();
  }

  async teamIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.members.find({ userId }, { teamId: 1 }).lean<Array<Pick<ITeamMember, 'teamId'>>>().exec();
    return rows.map((row) => row.teamId);
  }

  findByTeam(teamId: string, userIds?: string[]): Promise<ITeamMember[]> {
    return this.members
      .find({ teamId, ...(userIds && { userId: { $in: userIds } }) })
      .lean<ITeamMember[]>()
      .exec();
  }

  /** A member's team roles, replaced (`teams.updateMember`); null when the user is not a member. */
  setRoles(teamId: string, userId: string, roles: string[]): Promise<ITeamMember | null> {
    return this.members.findOneAndUpdate({ teamId, userId }, { $set: { roles } }, { returnDocument: 'after' }).lean<ITeamMember>().exec();
  }

  countByTeam(teamId: string): Promise<number> {
    return this.members.countDocuments({ teamId }).exec();
  }

  async deleteOne(teamId: string, userId: string): Promise<boolean> {
    return (await this.members.deleteOne({ teamId, userId }).exec()).deletedCount > 0;
  }

  async deleteByTeam(teamId: string): Promise<void> {
    await this.members.deleteMany({ teamId }).exec();
  }

  async deleteByUser(userId: string): Promise<void> {
    await this.members.deleteMany({ userId }).exec();
  }
}
