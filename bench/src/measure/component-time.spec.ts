import { describe, expect, it } from '@jest/globals';
import { difference, parseTimings } from './component-time.js';

const exposition = (count: number, sum: number) => `
# HELP rpc_server_duration_seconds NATS requests handled
rpc_server_duration_seconds_bucket{le="0.001",app="core",instance="core-1",subject="messaging.send"} 1
rpc_server_duration_seconds_sum{app="core",instance="core-1",subject="messaging.send"} ${sum}
rpc_server_duration_seconds_count{app="core",instance="core-1",subject="messaging.send"} ${count}
db_command_duration_seconds_sum{app="core",instance="core-1",command="insert",collection="rocketchat_message",outcome="ok"} ${sum / 2}
db_command_duration_seconds_count{app="core",instance="core-1",command="insert",collection="rocketchat_message",outcome="ok"} ${count}
`;

describe('component timings', () => {
  it('computes calls and mean duration between two scrapes', () => {
    const timings = difference(parseTimings(exposition(10, 0.05)), parseTimings(exposition(110, 0.55)));
    expect(timings).toEqual([
      { app: 'core', metric: 'rpc_server', what: 'messaging.send', count: 100, meanMs: 5, totalSeconds: 0.5 },
      { app: 'core', metric: 'db_command', what: 'insert rocketchat_message', count: 100, meanMs: 2.5, totalSeconds: 0.25 },
    ]);
  });

  it('ignores what did not change', () => {
    expect(difference(parseTimings(exposition(10, 1)), parseTimings(exposition(10, 1)))).toEqual([]);
  });
});
