import { externalDatabase, urlForDatabase } from './database-target.js';

describe('externalDatabase', () => {
  it.each([
    ['no MONGO_URL: the launcher', ['update-cost', '2000', '--pid', '12'], {}, undefined],
    [
      'MONGO_URL and --pid',
      ['update-cost', '2000', '--pid', '4321'],
      { MONGO_URL: 'mongodb://127.0.0.1:49017/x' },
      { url: 'mongodb://127.0.0.1:49017/x', pid: 4321 },
    ],
  ])('%s', (_case, argv, env, expected) => {
    expect(externalDatabase(argv, env)).toEqual(expected);
  });

  it.each([
    ['without --pid', ['update-cost', '2000']],
    ['with --pid and no value', ['update-cost', '--pid']],
    ['with a pid that is not a number', ['update-cost', '--pid', 'ferretdb']],
    ['with a pid of 0', ['update-cost', '--pid', '0']],
  ])('refuses MONGO_URL %s: its CPU could not be measured', (_case, argv) => {
    expect(() => externalDatabase(argv, { MONGO_URL: 'mongodb://127.0.0.1:49017/x' })).toThrow('MONGO_URL needs --pid');
  });
});

describe('urlForDatabase', () => {
  it.each([
    ['mongodb://127.0.0.1:49017/rocketchat', 'cost', 'mongodb://127.0.0.1:49017/cost'],
    ['mongodb://127.0.0.1:49017', 'cost', 'mongodb://127.0.0.1:49017/cost'],
    ['mongodb://127.0.0.1:49017/rocketchat?directConnection=true', 'reads', 'mongodb://127.0.0.1:49017/reads?directConnection=true'],
  ])('%s as %s', (url, database, expected) => {
    expect(urlForDatabase(url, database)).toBe(expected);
  });
});
