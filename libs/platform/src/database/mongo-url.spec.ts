import { describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { baseEnv, databaseVars, portVar } from '../config/base-env.js';
import { loadConfig } from '../config/load-config.js';

const schema = baseEnv.extend({ ...portVar(3000), ...databaseVars });

/**
 * What the driver makes of MONGO_URL once it went through our configuration (parsing only; nothing connects).
 * DatabaseModule hands `config.MONGO_URL` to mongoose as its `uri`, untouched.
 */
function driverOptions(url: string) {
  const config = loadConfig(schema, { MONGO_URL: url });
  expect(config.MONGO_URL).toBe(url);
  return new mongoose.mongo.MongoClient(config.MONGO_URL).options;
}

describe('MONGO_URL in the forms Rocket.Chat documents', () => {
  it('the seed: a replica set by name', () => {
    const options = driverOptions('mongodb://mongo/rocketchat?replicaSet=rs01');
    expect(options.replicaSet).toBe('rs01');
    expect(options.dbName).toBe('rocketchat');
    expect(options.hosts.map(String)).toEqual(['mongo:27017']);
  });

  it('several members, credentials checked against authSource', () => {
    const options = driverOptions('mongodb://rocket:s%40cret@m1:27017,m2:27017,m3:27017/rocketchat?replicaSet=rs0&authSource=admin');
    expect(options.hosts.map(String)).toEqual(['m1:27017', 'm2:27017', 'm3:27017']);
    expect(options.credentials?.username).toBe('rocket');
    expect(options.credentials?.password).toBe('s@cret');
    expect(options.credentials?.source).toBe('admin');
  });

  it('TLS, by its old name ssl=true too, with a CA file', () => {
    for (const flag of ['tls=true', 'ssl=true']) {
      const options = driverOptions(`mongodb://m1:27017/rocketchat?replicaSet=rs0&${flag}&tlsCAFile=/etc/ssl/mongo-ca.pem`);
      expect(options.tls).toBe(true);
      expect(options.tlsCAFile).toBe('/etc/ssl/mongo-ca.pem');
    }
  });

  it('driver options in the URL: read preference, write concern', () => {
    const options = driverOptions('mongodb://m1/rocketchat?readPreference=secondaryPreferred&w=majority');
    expect(options.readPreference.mode).toBe('secondaryPreferred');
    expect(options.writeConcern?.w).toBe('majority');
  });

  it('accepts mongodb+srv:// (its hosts come from DNS at connect time)', () => {
    const url = 'mongodb+srv://rocket:pw@cluster0.example.net/rocketchat?retryWrites=true&w=majority';
    expect(loadConfig(schema, { MONGO_URL: url }).MONGO_URL).toBe(url);
  });
});
