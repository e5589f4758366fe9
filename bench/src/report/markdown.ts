import type { FanoutResult } from '../measure/fanout-run.js';
import type { Ceiling, ProjectedCeilings } from '../measure/ceiling.js';
import type { ProcessUsage } from '../measure/process-stats.js';
import { LEAD_IN_SECONDS, type SweepResult } from '../scenarios/rate-sweep.js';
import type { ChatResult } from '../scenarios/chat-load.js';
import { describeStall, stallText } from '../measure/step-stall.js';
import type { WakeCost } from '../measure/wake-cost.js';
import { instanceSplit } from '../scenarios/scale-out.js';
import type { BenchReport } from './bench-report.js';
import { dist, populatedMarkdown } from './populated-markdown.js';

const row = (cells: Array<string | number | undefined>) => `| ${cells.map((c) => c ?? '–').join(' | ')} |`;

/** A sweep's maximum; `≥` when even its top rate held, so the limit lies beyond it. */
const sustained = (sweep: SweepResult | undefined) =>
  sweep ? `${sweep.limitFound ? '' : '≥ '}${sweep.maxSustainedDeliveriesPerSecond}` : '–';

function fanoutRows(label: string, f: FanoutResult | undefined): string {
  if (!f) return row([label, 'not run']);
  const l = f.latencyMs;
  return row([
    label,
    f.offeredRate,
    f.sent,
    f.deliveriesPerSecond,
    l.p50,
    l.p90,
    l.p99,
    l.max,
    f.fromActualSendMs?.p99,
    f.sendLagMs?.max,
    f.lost,
    f.errors,
  ]);
}

/** Each process's CPU and memory; with `messages`, its context switches and write calls per message sent. */
function processTable(title: string, processes: ProcessUsage[] | undefined, messages?: number): string[] {
  if (!processes?.length) return [];
  const perMessage = (count: number) => (messages ? Math.round((count * 100) / messages) / 100 : count);
  const hops = messages ? ['context switches / msg', 'write calls / msg'] : ['context switches', 'write calls'];
  return [
    `**${title}**`,
    '',
    row(['process', 'CPU seconds', 'peak RSS (MB)', ...hops]),
    row(['---', '---:', '---:', '---:', '---:']),
    ...processes.map((p) => row([p.name, p.cpuSeconds, p.peakRssMb, perMessage(p.contextSwitches), perMessage(p.writeCalls)])),
    '',
  ];
}

/** The wake-up probe's figures: "31 µs back to back, 74 µs after 5 ms asleep". */
const wakeText = (costs: WakeCost[]) =>
  costs.map((c) => `${c.echoUs} µs ${c.gapMs ? `after ${c.gapMs} ms asleep` : 'back to back'}`).join(', ');

/** The run's projected ceilings (ceiling.ts); with `scaleOut`, the thread-bound one against one instance's. */
function ceilingLines(ceilings: ProjectedCeilings | undefined, scaleOut?: number): string[] {
  if (!ceilings?.threads.length) return [];
  const [first, ...next] = ceilings.threads;
  const bound = (c: Ceiling) => `${c.bound} ${c.messagesPerSecond} (${c.msPerMessage} ms a message)`;
  return [
    `Ceilings projected at this run's cost per message (msg/s): with a core for every thread, ${bound(first)}` +
      (scaleOut !== undefined ? `, × ${scaleOut} one instance's` : '') +
      (next.length ? `; then ${next.slice(0, 3).map(bound).join(', ')}` : '') +
      `. On this machine's cores, shared by every process: ` +
      `${ceilings.machine.messagesPerSecond} (${ceilings.machine.msPerMessage} ms a message).`,
    '',
  ];
}

const totalCpu = (processes: ProcessUsage[]) => processes.reduce((sum, p) => sum + p.cpuSeconds, 0);

/** The human summary: one table per scenario, and where the time goes. */
export function toMarkdown(report: BenchReport): string {
  const p = report.parameters;
  const lines = [
    `# Benchmark — ${report.startedAt}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}; ` +
      `database: ${report.machine.database}; NATS: ${report.machine.nats}. Load generator on the same machine.`,
    '',
    `Parameters (preset \`${p.preset}\`): ${p.users} users in ${p.rooms} rooms of ${p.users / p.rooms}, ${p.senders} senders, ` +
      `${p.rate} messages/s for ${p.duration} s (${p.rate * (p.users / p.rooms - 1)} deliveries/s offered), after ${p.warmUpSeconds} s of warm-up` +
      (p.instanceCpu ? `; every app instance limited to ${p.instanceCpu} of a core (the database, NATS and the load generator not).` : '.'),
    '',
    ...(report.populated ? populatedMarkdown(report.populated) : []),
    '## Message delivery (scheduled send → receive at every other member)',
    '',
    'Timed from each post\'s scheduled moment; "p99 from actual send" leaves out how late the post left (the old, optimistic figure).',
    '',
    row([
      'run',
      'msgs/s offered',
      'sent',
      'deliveries/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'p99 from actual send',
      'max send lag ms',
      'lost',
      'errors',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    fanoutRows('baseline relay (ws + NATS only)', report.baseline?.fanout),
    fanoutRows(`chat, ${report.chat?.gateways ?? 1} gateway`, report.chat?.fanout),
    fanoutRows('chat, scaled out (2 of every app but stream-hub)', report.scaleout?.fanout),
    '',
  ];
  if (report.ratios?.deliveriesPerSecond !== undefined) {
    lines.push(
      `Ratio to the baseline at the same offered rate: deliveries/s × ${report.ratios.deliveriesPerSecond}, p99 × ${report.ratios.p99}.`,
      '',
    );
  }
  if (report.sweep?.baseline || report.sweep?.chat || report.sweep?.scaleout) {
    const target = (report.sweep.chat ?? report.sweep.baseline ?? report.sweep.scaleout)!.p99TargetMs;
    const setups = { baseline: 'baseline relay', chat: 'chat, 1 gateway', scaleout: 'chat, scaled out' } as const;
    lines.push(
      `## Rate sweep: the highest delivery rate held with p99 ≤ ${target} ms, nothing lost`,
      '',
      `Each step runs ${LEAD_IN_SECONDS} s at its rate before it is measured (the rise from idle; its p99 beside).`,
      '',
      row(['setup', 'msgs/s', 'deliveries/s', 'p99 ms', 'lead-in p99 ms', 'lost', 'errors', 'held', 'slowest second', 'a wake-up before']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---', '---']),
      ...(['baseline', 'chat', 'scaleout'] as const).flatMap((name) =>
        (report.sweep?.[name]?.steps ?? []).map((s) =>
          row([
            setups[name],
            s.rate,
            s.deliveriesPerSecond,
            s.p99,
            s.leadInP99,
            s.lost,
            s.firstError ? `${s.errors} (first: ${s.firstError})` : s.errors,
            s.sustained ? 'yes' : 'no',
            stallText(s.stall),
            s.wakeCost && wakeText(s.wakeCost),
          ]),
        ),
      ),
      '',
      `Sustained maxima: baseline ${sustained(report.sweep.baseline)} deliveries/s, chat ${sustained(report.sweep.chat)} deliveries/s` +
        (report.ratios?.maxSustainedDeliveries !== undefined
          ? ` (ratio ${report.sweep.baseline?.limitFound === false ? '≤ ' : ''}${report.ratios.maxSustainedDeliveries}).`
          : '.'),
      '',
    );
    if (report.sweep.scaleout)
      lines.push(
        `Scale-out: two instances of every app held ${sustained(report.sweep.scaleout)} deliveries/s, one instance ` +
          `${sustained(report.sweep.chat)}` +
          (report.ratios?.scaleOut !== undefined ? ` (× ${report.ratios.scaleOut}).` : '.'),
        '',
      );
  }
  if (report.largeRoom) {
    const { rate, durationSeconds, small, large } = report.largeRoom;
    lines.push(
      `## Large room (${rate} msg/s for ${durationSeconds} s; every member connected and watching the room)`,
      '',
      row([
        'room',
        'sent',
        'deliveries',
        'lost',
        'delivery p50 / p99 ms',
        'sendMessage answer p50 / p99 ms (load generator)',
        'messages.send mean ms: gateway / core',
        'CPU ms per message (all processes)',
      ]),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...[small, large].map((r) =>
        row([
          `${r.members} members`,
          r.fanout.sent,
          r.fanout.delivered,
          r.fanout.lost,
          `${r.fanout.latencyMs.p50} / ${r.fanout.latencyMs.p99}`,
          `${r.fanout.ackMs.p50} / ${r.fanout.ackMs.p99}`,
          `${r.gatewaySendMs ?? '–'} / ${r.coreSendMs ?? '–'}`,
          r.cpuMsPerMessage,
        ]),
      ),
      '',
    );
    lines.push(...processTable(`Processes during the ${large.members}-member room`, large.processes));
  }
  const cpuLine = (label: string, result: ChatResult) => {
    const cpu = totalCpu(result.processes);
    const ack = result.fanout.ackMs;
    const perMessage = (seconds: number) => Math.round((seconds * 100_000) / Math.max(1, result.fanout.acknowledged)) / 100;
    const stall = describeStall(result.fanout.slowestSecond, result);
    const line =
      `${label}: ${perMessage(cpu)} ms of CPU per message over every process; ` +
      `\`sendMessage\` answered in p50 ${ack?.p50} / p99 ${ack?.p99} ms; slowest delivery ${stallText(stall)}.` +
      (result.wakeCost ? ` A wake-up cost the machine ${wakeText(result.wakeCost)} just before (an echo between two processes).` : '');
    if (!result.idle) return line;
    const idlePerSecond = totalCpu(result.idle.processes) / result.idle.seconds;
    const busiest = [...result.idle.processes].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, 4);
    return (
      `${line} Idle before it (every user connected, nothing sent, ${result.idle.seconds} s): ` +
      `${Math.round(idlePerSecond * 1000)} ms of CPU per second over every process ` +
      `(${busiest.map((p) => `${p.name} ${Math.round((p.cpuSeconds * 1000) / result.idle.seconds)}`).join(', ')}); ` +
      `the run's CPU per message less that: ${perMessage(cpu - (idlePerSecond * (result.window.toUs - result.window.fromUs)) / 1e6)} ms.`
    );
  };
  if (report.chat) lines.push(cpuLine('Chat load, 1 gateway', report.chat), '', ...ceilingLines(report.chat.ceilings));
  if (report.scaleout) {
    const split = instanceSplit(report.scaleout.processes).map(
      (s) => `${s.app} ${s.cpuSeconds.join(' / ')} s (${s.sharePercent.map((p) => `${p} %`).join(' / ')})`,
    );
    lines.push(cpuLine('Chat load, scaled out', report.scaleout), '', `CPU split between instances: ${split.join('; ')}.`, '');
    lines.push(...ceilingLines(report.scaleout.ceilings, report.ratios?.projectedScaleOut));
  }
  for (const [phase, throttling] of [
    ['the one-instance loads', report.throttling?.oneInstance],
    ['the scaled-out loads', report.throttling?.scaledOut],
  ] as const) {
    const throttled = (throttling ?? []).filter((t) => t.throttled > 0).sort((a, b) => b.throttledMs - a.throttledMs);
    if (throttled.length)
      lines.push(
        `Capped processes that waited for their quota through ${phase}: ` +
          throttled.map((t) => `${t.instance} ${t.throttled} of ${t.periods} periods (${t.throttledMs} ms)`).join(', ') +
          '.',
        '',
      );
  }
  lines.push(...processTable('Processes during the 1-gateway chat load', report.chat?.processes, report.chat?.fanout.acknowledged));
  lines.push(
    ...processTable('Processes during the scaled-out chat load', report.scaleout?.processes, report.scaleout?.fanout.acknowledged),
  );
  lines.push(...processTable('Processes during the baseline', report.baseline?.processes));
  if (report.chat?.databaseCommands?.length) {
    const commands = report.chat.databaseCommands;
    const total = (key: 'perMessage' | 'workerMsPerMessage') => Math.round(commands.reduce((sum, c) => sum + c[key], 0) * 100) / 100;
    lines.push(
      `## Database commands per message (1-gateway chat load, local database; load average ${report.chat.loadAverage?.join(', ') ?? '–'})`,
      '',
      `${total('perMessage')} commands and ${total('workerMsPerMessage')} ms of the database worker thread per message.`,
      '',
      ...durabilityLines(report.chat.databaseDurability),
      row(['command', 'collection', 'per message', 'worker ms per message']),
      row(['---', '---', '---:', '---:']),
      ...commands.map((c) => row([c.command, c.collection, c.perMessage, c.workerMsPerMessage])),
      '',
    );
  }
  if (report.chat?.components.length) {
    lines.push(
      '## Where the time goes (1-gateway chat load, from /metrics)',
      '',
      row(['app', 'kind', 'subject / command', 'calls', 'mean ms', 'total s']),
      row(['---', '---', '---', '---:', '---:', '---:']),
      ...report.chat.components.slice(0, 25).map((c) => row([c.app, c.metric, c.what, c.count, c.meanMs, c.totalSeconds])),
      '',
    );
  }
  for (const [app, profile] of Object.entries(report.profiles ?? {})) {
    lines.push(
      `## CPU profile of ${app} (${profile.window ? 'the 1-gateway chat run' : 'whole run'}, ${profile.totalMs} ms sampled)`,
      '',
      row(['module', 'self ms', 'share %']),
      row(['---', '---:', '---:']),
      ...profile.byModule.map((m) => row([m.module, m.selfMs, m.share])),
      '',
      row(['function', 'where', 'self ms', 'share %']),
      row(['---', '---', '---:', '---:']),
      ...profile.topFunctions.map((f) => row([f.name, f.where, f.selfMs, f.share])),
      '',
    );
  }
  if (report.capacity) {
    const c = report.capacity;
    lines.push(
      '## Capacity: idle authenticated DDP connections on one gateway',
      '',
      `${c.established} of ${c.requested} connections open and logged in (${c.failed} failed) in ${c.openSeconds} s; ` +
        `gateway RSS ${c.gatewayRssBeforeMb} → ${c.gatewayRssHalfMb} (half) → ${c.gatewayRssAfterMb} MB: **${c.rssPerConnectionMarginalKb} KB per connection** over the second half (${c.rssPerConnectionKb} KB over all, the gateway's one-time growth included: V8's new space ${c.newSpaceMb.join(' → ')} MB).`,
      '',
    );
  }
  if (report.login) {
    const l = report.login;
    lines.push(
      '## Login storm',
      '',
      row(['what', 'per second', 'total', 'errors', 'p50 ms', 'p99 ms']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
      row([
        `REST password login (bcrypt cost ${l.bcryptRounds})`,
        l.passwordLoginsRest.perSecond,
        l.passwordLoginsRest.total,
        l.passwordLoginsRest.errors,
        l.passwordLoginsRest.latencyMs.p50,
        l.passwordLoginsRest.latencyMs.p99,
      ]),
      row([
        'DDP connect + resume login',
        l.resumeLoginsDdp.perSecond,
        l.resumeLoginsDdp.total,
        l.resumeLoginsDdp.errors,
        l.resumeLoginsDdp.latencyMs.p50,
        l.resumeLoginsDdp.latencyMs.p99,
      ]),
      '',
      `Gateway restart: ready again after ${l.reconnect.gatewayRestartSeconds} s; all ${l.reconnect.clients} clients reconnected and ` +
        `logged in ${l.reconnect.allReconnectedAfterReadySeconds} s later (${l.reconnect.reconnected} reconnected).`,
      '',
    );
  }
  if (report.totp) {
    const t = report.totp;
    const rate = (what: string, r: typeof t.totpLoginsRest) =>
      row([what, r.perSecond, r.total, r.errors, r.latencyMs.p50, r.latencyMs.p99]);
    lines.push(
      '## TOTP logins',
      '',
      row(['what', 'per second', 'total', 'errors', 'p50 ms', 'p99 ms']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
      rate(`REST password + TOTP code (${t.totpUsers} users, bcrypt cost ${t.bcryptRounds})`, t.totpLoginsRest),
      rate('REST password alone (the other users)', t.passwordLoginsRest),
      '',
    );
  }
  if (report.errors.length) {
    lines.push('## Scenarios that did not complete', '', ...report.errors.map((e) => `- ${e.scenario}: ${e.message}`), '');
  }
  return lines.join('\n');
}

/** The file database's durable writes over the chat load (p50 / p90 / p99 / max ms). */
function durabilityLines(d: ChatResult['databaseDurability']): string[] {
  if (!d?.replyWait) return [];
  return [
    `File database (p50 / p90 / p99 / max ms): a write's reply held for its fsync ${dist(d.replyWait)}, the log's append and fsync ` +
      `${dist(d.fsync)}; checkpoints since the start ${d.checkpoints ?? '–'} (${d.checkpointsWaitedFor ?? '–'} waited for by replies), ` +
      `over the run each ${dist(d.checkpoint)} to its fsync, ${dist(d.checkpointCommit)} of it on the worker.`,
    '',
  ];
}
