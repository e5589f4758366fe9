import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IVoipRoom, type RpcParsedRequest, type voipRooms } from '@rc/contracts';
import { LivechatVisitorsRepository, PbxEventsRepository, RoomsRepository, UsersRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { VoipRoomActivity } from './voip-room-activity.js';
import { PageSize } from '@rc/settings';

/** The `v` rooms as agents and managers read and close them (`voip/room`, `voip/rooms`, `voip/room.close`, `voip/events`). */
@Injectable()
export class VoipRoomsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly rooms: RoomsRepository,
    private readonly events: PbxEventsRepository,
    private readonly permissions: PermissionChecker,
    private readonly activity: VoipRoomActivity,
    private readonly visitors: LivechatVisitorsRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * Rocket.Chat's `voip/room`: the visitor (by token) must exist. With `rid`, that room of the visitor; without, the
   * visitor's open call (the service created it when the call came in), else a new room served by `agentId` (an agent
   * opening a room before calling the number: the call the agent's phone places to it joins this room).
   */
  async room(
    actor: Actor,
    request: { token: string; rid?: string; agentId?: string; direction?: 'inbound' | 'outbound' },
  ): Promise<{ room: IVoipRoom; newRoom: boolean }> {
    await this.permissions.require(actor.userId, 'inbound-voip-calls');
    const visitor = await this.visitors.findByToken(request.token);
    if (!visitor) throw new DomainError(ErrorCode.InvalidGuestToken, 'invalid-token');
    if (request.rid) {
      const room = await this.rooms.findVoipRoomById(request.rid);
      if (!room || room.v.token !== request.token) throw new DomainError(ErrorCode.InvalidRoomOption, 'invalid-room');
      return { room, newRoom: false };
    }
    const open = await this.rooms.findOpenVoipRoomByToken(request.token);
    if (open) return { room: open, newRoom: false };
    if (!request.agentId) throw new DomainError(ErrorCode.AgentNotFound, 'agent-not-found');
    if (request.agentId !== actor.userId && !(await this.permissions.check(actor.userId, ['view-livechat-rooms']))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const agent = await this.users.findVoipAgentById(request.agentId);
    if (!agent) throw new DomainError(ErrorCode.AgentNotFound, 'agent-not-found');
    const room = await this.rooms.createVoipRoom({
      visitor,
      phone: visitor.phone?.[0]?.phoneNumber ?? '',
      fnameFallback: visitor.username,
      departmentId: visitor.department,
      direction: request.direction ?? 'outbound',
      callStatus: 'created',
      servedBy: { _id: agent._id, username: agent.username },
    });
    return { room, newRoom: true };
  }

  async list(request: RpcParsedRequest<typeof voipRooms>) {
    const { actor } = request;
    // Rocket.Chat reuses the livechat rooms' permissions: all rooms, or an agent's own.
    const admin = await this.permissions.check(actor.userId, ['view-livechat-rooms']);
    const own =
      request.agents?.length === 1 && request.agents[0] === actor.userId && (await this.permissions.check(actor.userId, ['view-l-room']));
    if (!admin && !own) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    const count = this.pageSize.count(request.count);
    const { rooms, total } = await this.rooms.findVoipRoomsPage(
      {
        agents: request.agents,
        open: request.open,
        queue: request.queue,
        visitorToken: request.visitorId,
        direction: request.direction,
        roomName: request.roomName,
        createdAt: request.createdAt,
        closedAt: request.closedAt,
      },
      { offset: request.offset, count },
    );
    return { rooms, count: rooms.length, offset: request.offset, total };
  }

  async close(actor: Actor, rid: string, token: string, options?: { comment?: string; tags?: string[] }): Promise<{ rid: string }> {
    await this.permissions.require(actor.userId, 'inbound-voip-calls');
    const room = await this.rooms.findVoipRoomById(rid);
    if (!room || room.v.token !== token) throw new DomainError(ErrorCode.InvalidRoomOption, 'invalid-room');
    if (!room.open) throw new DomainError(ErrorCode.RoomClosed, 'room-closed');
    const now = new Date();
    const closed = await this.rooms.updateVoipRoom(
      rid,
      {
        open: false,
        closedAt: now,
        closedBy: { _id: actor.userId, username: actor.username },
        closer: 'user',
        ...(options?.comment && { closingComment: options.comment }),
        ...(options?.tags && { tags: options.tags }),
      },
      ['ended', 'abandoned', 'not-answered', 'transferred', 'created'],
    );
    // A call still going on is not wrapped up: hang up first.
    if (!closed) throw new DomainError(ErrorCode.ActionNotAllowed, 'The call is still in progress');
    await this.events.record({
      uniqueId: rid,
      callUniqueId: room.callUniqueId,
      event: 'voip-call-wrapup',
      source: 'client',
      details: { by: actor.username },
    });
    // Rocket.Chat's wrap-up message (the comment as its text), then the agent leaves the room.
    await this.activity.message(
      closed,
      'voip-call-wrapup',
      { _id: actor.userId, username: actor.username },
      { msg: options?.comment ?? '' },
    );
    await this.activity.unsubscribeAll(closed);
    return { rid };
  }

  async clientEvent(actor: Actor, rid: string, event: string, comment?: string): Promise<{ recorded: true }> {
    await this.permissions.require(actor.userId, 'view-l-room');
    const room = await this.rooms.findVoipRoomById(rid);
    if (!room) throw new DomainError(ErrorCode.NotFound, 'Resource not found');
    const manager = await this.permissions.check(actor.userId, ['view-livechat-rooms']);
    if (!manager && room.servedBy?._id !== actor.userId) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    await this.events.record({
      uniqueId: rid,
      callUniqueId: room.callUniqueId,
      event,
      source: 'client',
      details: { by: actor.username, ...(comment && { comment }) },
    });
    return { recorded: true };
  }
}
