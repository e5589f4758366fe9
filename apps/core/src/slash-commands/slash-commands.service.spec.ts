import { beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { coreWorld, storedMessage, type CoreWorld } from '../testing/core-world.js';
import { EphemeralMessages } from '../common/ephemeral-messages.js';
import { SlashCommandRegistry, type SlashCommand, type SlashCommandContext } from './slash-command.registry.js';
import { SlashCommandsService } from './slash-commands.service.js';
import { fakePageSize } from '../testing/fake-services.js';

const alice = { userId: 'alice', username: 'alice' };

describe('SlashCommandsService', () => {
  let world: CoreWorld;
  let registry: SlashCommandRegistry;
  let service: SlashCommandsService;
  let ran: SlashCommandContext[];

  const command = (name: string, extra: Partial<SlashCommand> = {}): SlashCommand => ({
    command: name,
    clientOnly: false,
    providesPreview: false,
    run: (context) => {
      ran.push(context);
      return Promise.resolve();
    },
    ...extra,
  });
  /** The ephemeral messages sent, as `[userId, rid, msg]`. */
  const ephemerals = () =>
    world.named('notifyUser').map(([userId, , args]) => {
      const [message] = args as [{ rid: string; msg: string }];
      return [userId, message.rid, message.msg];
    });

  beforeEach(() => {
    world = coreWorld({
      users: [{ _id: 'alice', username: 'alice' }],
      rooms: [
        { _id: 'r1', t: 'c', name: 'ops' },
        { _id: 'r2', t: 'p', name: 'secret' },
      ],
      messages: [storedMessage({ _id: 'm1', rid: 'r1' }), storedMessage({ _id: 'm2', rid: 'r2' })],
    });
    world.fakeAccess.canAccess = (_user, rid) => rid === 'r1';
    ran = [];
    registry = new SlashCommandRegistry();
    service = new SlashCommandsService(
      fakePageSize(),
      registry,
      world.access,
      world.rooms,
      world.messages,
      new EphemeralMessages(world.realtime),
    );
  });

  it('runs a command by its name in any case, with the trimmed parameters, the room and the thread', async () => {
    registry.register(command('wave'));
    expect(await service.run(alice, { command: 'WAVE', params: '  hi  ', roomId: 'r1', tmid: 'm1' })).toEqual({});
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ command: 'wave', params: 'hi', tmid: 'm1', actor: alice, room: { _id: 'r1' } });
  });

  it('refuses unknown commands, rooms the caller cannot access and threads of another room, running nothing', async () => {
    registry.register(command('wave'));
    await expect(service.run(alice, { command: 'nope', params: '', roomId: 'r1' })).rejects.toMatchObject({
      code: ErrorCode.InvalidCommand,
    });
    await expect(service.run(alice, { command: 'wave', params: '', roomId: 'r2' })).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    await expect(service.run(alice, { command: 'wave', params: '', roomId: 'gone' })).rejects.toMatchObject({
      code: ErrorCode.Unauthorized,
    });
    await expect(service.run(alice, { command: 'wave', params: '', roomId: 'r1', tmid: 'm2' })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    expect(ran).toHaveLength(0);
  });

  it('answers a missing permission and a refused command to the caller alone, as an ephemeral message', async () => {
    registry.register(command('kick', { permission: ['remove-user', 'ban-user'] }));
    registry.register(
      command('fail', {
        run: () => Promise.reject(new DomainError(ErrorCode.UserNotInRoom, 'The user `bob` is not in this room')),
      }),
    );
    await service.run(alice, { command: 'kick', params: '@bob', roomId: 'r1' });
    expect(ran).toHaveLength(0);
    world.fakeAccess.grant('alice', 'ban-user', 'r1');
    await service.run(alice, { command: 'kick', params: '@bob', roomId: 'r1' });
    expect(ran).toHaveLength(1);
    expect(await service.run(alice, { command: 'fail', params: '', roomId: 'r1' })).toEqual({});
    expect(ephemerals()).toEqual([
      ['alice', 'r1', 'You do not have permission to use /kick here.'],
      ['alice', 'r1', 'The user `bob` is not in this room'],
    ]);
    const [, , [message]] = world.named('notifyUser')[0] as [string, string, Array<Record<string, unknown>>];
    expect(message).toMatchObject({ private: true, u: { _id: 'rocket.cat', username: 'rocket.cat' }, groupable: false });
  });

  it('lists commands sorted, filtered, paged and projected', () => {
    for (const name of ['b', 'a', 'c']) registry.register(command(name, { description: `about ${name}` }));
    registry.register(command('z', { appId: 'app-1' }));
    expect(service.list({ offset: 0, count: 0 }).commands.map((c) => c.command)).toEqual(['a', 'b', 'c', 'z']);
    expect(service.list({ offset: 1, count: 2, sort: { command: -1 } })).toMatchObject({
      commands: [{ command: 'c' }, { command: 'b' }],
      count: 2,
      offset: 1,
      total: 4,
    });
    expect(service.list({ offset: 0, count: 10, query: { appId: 'app-1' } }).commands).toEqual([
      { command: 'z', clientOnly: false, providesPreview: false, appId: 'app-1' },
    ]);
    expect(service.list({ offset: 0, count: 1, fields: { description: 1 } }).commands).toEqual([{ description: 'about a' }]);
    expect(service.list({ offset: 0, count: 1, fields: { description: 0, clientOnly: 0 } }).commands).toEqual([
      { command: 'a', providesPreview: false },
    ]);
  });

  it('gives previews only for commands that provide them', async () => {
    registry.register(command('plain'));
    const preview = { i18nTitle: 'Pick', items: [{ id: '1', type: 'text' as const, value: 'x' }] };
    const executed: string[] = [];
    registry.register(
      command('pick', {
        providesPreview: true,
        previews: () => Promise.resolve(preview),
        executePreview: (_context, item) => Promise.resolve(void executed.push(item.id)),
      }),
    );
    expect(await service.previews(alice, { command: 'plain', params: '', roomId: 'r1' })).toEqual({});
    expect(await service.previews(alice, { command: 'pick', params: '', roomId: 'r1' })).toEqual({ preview });
    await expect(service.executePreview(alice, { command: 'plain', params: '', roomId: 'r1' }, preview.items[0])).rejects.toMatchObject({
      code: ErrorCode.InvalidCommandPreview,
    });
    await service.executePreview(alice, { command: 'pick', params: '', roomId: 'r1' }, preview.items[0]);
    expect(executed).toEqual(['1']);
  });
});
