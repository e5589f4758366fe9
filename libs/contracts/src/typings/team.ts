/** Rocket.Chat's team types: 0 public (main room a channel), 1 private (main room a group). */
export const TEAM_TYPE = { PUBLIC: 0, PRIVATE: 1 } as const;
export type TeamType = (typeof TEAM_TYPE)[keyof typeof TEAM_TYPE];

/** Rocket.Chat's team document (`rocketchat_team`). */
export interface ITeam {
  _id: string;
  name: string;
  type: TeamType;
  /** The team's main room (`teamMain: true`). */
  roomId: string;
  createdAt: Date;
  createdBy: { _id: string; username: string };
  _updatedAt: Date;
}

/** Rocket.Chat's team membership document (`rocketchat_team_member`). */
export interface ITeamMember {
  _id: string;
  teamId: string;
  userId: string;
  roles?: string[];
  createdAt: Date;
  createdBy: { _id: string; username: string };
  _updatedAt: Date;
}
