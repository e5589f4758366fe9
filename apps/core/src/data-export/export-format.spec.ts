import { describe, expect, it } from '@jest/globals';
import type { IMessage } from '@rc/contracts';
import { UserNameTable, assetName, channelsFile, exportMessage, roomData, userFile, zipName } from './export-format.js';
import { dataExportCron } from './data-export.job.js';
import { messageLimit } from './data-export.service.js';

const message = (fields: Partial<IMessage>): IMessage => ({
  _id: 'm1',
  rid: 'r1',
  msg: 'hello',
  ts: new Date('2026-01-02T03:04:05Z'),
  u: { _id: 'u1', username: 'alice' },
  _updatedAt: new Date(),
  ...fields,
});

describe('user data export format', () => {
  it("keeps the exporting user's name and numbers everyone in order of appearance (Rocket.Chat counts the user too)", () => {
    const names = new UserNameTable('alice');
    expect(['bob', 'alice', 'carol', 'bob'].map((name) => names.hide(name))).toEqual(['User_1', 'alice', 'User_3', 'User_1']);
  });

  it('writes a message as a JSON line for the full export', () => {
    const line = exportMessage('json', message({ u: { _id: 'u2', username: 'bob' } }), new UserNameTable('alice'));
    expect(JSON.parse(line)).toEqual({ msg: 'hello', username: 'User_1', ts: '2026-01-02T03:04:05.000Z' });
  });

  it('writes a message as escaped HTML with a link to its file in assets/', () => {
    const html = exportMessage(
      'html',
      message({ msg: '<script>x</script>', file: { _id: 'f1', name: 'a b.txt', type: 'text/plain', size: 1, format: 'txt' } }),
      new UserNameTable('alice'),
    );
    expect(html).toContain('<strong>alice</strong> (Fri, 02 Jan 2026 03:04:05 GMT):');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<a href="./assets/f1-a%20b.txt">Message attachments</a>');
  });

  it('words system messages as Rocket.Chat does, with hidden names', () => {
    const names = new UserNameTable('alice');
    expect(JSON.parse(exportMessage('json', message({ t: 'au', msg: 'bob' }), names))).toMatchObject({
      msg: 'User User_2 added by alice.',
      type: 'au',
    });
    expect(JSON.parse(exportMessage('json', message({ t: 'uj', msg: 'alice' }), names)).msg).toBe('Has joined the channel.');
  });

  it('names rooms, files and the zip as Rocket.Chat does', () => {
    expect(roomData({ _id: 'r1', name: 'general', t: 'c' }, 'json', 'u1')).toMatchObject({
      roomName: 'general',
      targetFile: 'general.json',
    });
    expect(roomData({ _id: 'r1', name: 'general', t: 'c' }, 'html', 'u1')).toMatchObject({ targetFile: 'r1.html' });
    expect(roomData({ _id: 'd1', t: 'd', uids: ['u1', 'u2'] }, 'json', 'u1')).toMatchObject({
      roomName: 'd1',
      userId: 'u2',
      targetFile: 'd1.json',
    });
    expect(assetName({ _id: 'f1', name: '../x.txt' })).toBe('f1-.._x.txt');
    expect(zipName(new Date('2026-12-03T10:00:00Z'), 'Alice', 'json')).toBe('2026-12-03-Alice-data.zip');
    expect(zipName(new Date('2026-12-03T10:00:00Z'), 'Alice', 'html')).toBe('2026-12-03-Alice.zip');
    expect(channelsFile([roomData({ _id: 'r1', name: 'general', t: 'c' }, 'json', 'u1')])).toBe(
      '{"roomId":"r1","roomName":"general","type":"c"}',
    );
  });

  it("the user's file: JSON, or HTML with every value escaped", () => {
    const user = { _id: 'u1', username: 'alice', name: '<A>', emails: [{ address: 'a@x.test' }], roles: ['user'], services: ['password'] };
    expect(JSON.parse(userFile('json', user).content)).toEqual({
      username: 'alice',
      name: '<A>',
      emails: ['a@x.test'],
      roles: ['user'],
      services: ['password'],
    });
    const html = userFile('html', user);
    expect(html.name).toBe('user.html');
    expect(html.content).toContain('<p><strong>name</strong>:&lt;A&gt;</p>');
    expect(html.content).toContain('<p><strong>emails</strong>:<br/>a@x.test<br/></p>');
  });

  it("reads the schedule and the page size from the settings, with Rocket.Chat's fallbacks", () => {
    expect(dataExportCron(5, '')).toBe('*/5 * * * *');
    expect(dataExportCron(0, undefined)).toBe('*/2 * * * *');
    expect(dataExportCron(undefined, '')).toBe('*/2 * * * *');
    expect(dataExportCron(5, ' * * * * * * ')).toBe('* * * * * *');
    expect(messageLimit(25)).toBe(25);
    expect(messageLimit(0)).toBe(1000);
    expect(messageLimit(undefined)).toBe(1000);
  });
});
