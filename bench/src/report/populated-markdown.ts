import type { LatencySummary } from '../measure/latency-recorder.js';
import type { DurationSummary, PopulatedFigures, PopulatedResult } from '../populated/populated-run.js';

const row = (cells: Array<string | number | undefined>) => `| ${cells.map((c) => c ?? '–').join(' | ')} |`;
const fig = (l: LatencySummary | undefined) => (l && l.count > 0 ? `${l.p50} / ${l.p90} / ${l.p99}` : 'not measured');
const ratio = (a?: number, b?: number) => (a !== undefined && b ? `× ${Math.round((a / b) * 10) / 10}` : '–');

/** The populated file database beside the fresh in-memory one, figure by figure (p50 / p90 / p99 ms). */
export function populatedMarkdown(result: PopulatedResult): string[] {
  const { dataSet: d, populated: p, fresh: f } = result;
  const line = (name: string, of: (x: PopulatedFigures) => LatencySummary | undefined) =>
    row([name, fig(of(p)), f ? fig(of(f)) : '–', ratio(of(p)?.p99, f && of(f)?.p99)]);
  return [
    '## The configuration users run: populated file database vs fresh in-memory database',
    '',
    `Data set: ${d.users} users, ${d.rooms} rooms, ${d.messages} messages (${d.bigRoomMessages} in one room), ` +
      `${d.generation.documents.rocketchat_subscription ?? 0} subscriptions; generated in ${d.generation.seconds} s (${d.generatedAt}), ` +
      `file ${d.fileMb} MB; the database alone starts on it in ${d.databaseStartSeconds} s.`,
    `Start-up of the whole system: ${p.startSeconds} s populated, ${f?.startSeconds ?? '–'} s fresh. Load average at the end: ` +
      `${p.loadAverage.join(', ')} (populated), ${f?.loadAverage.join(', ') ?? '–'} (fresh).`,
    '',
    row(['figure (p50 / p90 / p99 ms)', 'populated file', 'fresh memory', 'p99 ratio']),
    row(['---', '---', '---', '---']),
    line(`send → receive, ${p.send.fanout.offeredRate} msg/s (from the scheduled send)`, (x) => x.send.fanout.latencyMs),
    line('the same, from the actual send (optimistic)', (x) => x.send.fanout.fromActualSendMs),
    line(
      `the same, first ${p.send.coldStart.seconds} s after connecting (cold start, not in the line above)`,
      (x) => x.send.coldStart.latencyMs,
    ),
    line(`loadHistory 50 (populated: room of ${p.history.roomMessages} messages)`, (x) => x.history),
    line('chat.syncMessages (last hour)', (x) => x.syncMessages),
    line('room open (getRoomIdByNameOrId, loadHistory + stream, readMessages)', (x) => x.roomOpen),
    line('REST password login (bcrypt 10)', (x) => x.login),
    '',
    `Users connected in ${p.send.connectSeconds} s populated, ${f?.send.connectSeconds ?? '–'} s fresh; the system answered promptly ` +
      `again ${p.send.settleSeconds} s / ${f?.send.settleSeconds ?? '–'} s later (presence updates after the connections), before the warm-up.`,
    `Deliveries lost: ${p.send.fanout.lost} populated, ${f?.send.fanout.lost ?? '–'} fresh; send errors ${p.send.fanout.errors} / ` +
      `${f?.send.fanout.errors ?? '–'}; max send lag ${p.send.fanout.sendLagMs.max} / ${f?.send.fanout.sendLagMs.max ?? '–'} ms.`,
    `loadHistory's slowest calls (call number from 0: ms), populated: ${slowest(p.history.slowest)}; fresh: ${f ? slowest(f.history.slowest) : '–'}.`,
    `Collection scans after the send load (populated): ${p.queryStats.scans.map((s) => `${s.ns} ${s.count}`).join(', ') || 'none'}; ` +
      `documents examined ${p.queryStats.documentsExamined}.`,
    ...(p.durability
      ? [
          `File database since its start: ${p.durability.writes} acknowledged writes in ${p.durability.commits} group commits ` +
            `(${Math.round(p.durability.commitMillis / Math.max(1, p.durability.commits))} ms each on the worker thread), ` +
            (p.durability.redoLog
              ? `appended to the redo log (${kb(p.durability.redoLog.bytes / Math.max(1, p.durability.redoLog.groups))} KB a group) and ` +
                `fsynced, ${Math.round(p.durability.fsyncMillis / Math.max(1, p.durability.fsyncs))} ms each; ` +
                `${p.durability.checkpoints} checkpoints of the file (${p.durability.checkpointsWaitedFor ?? 0} of them waited for by ` +
                `replies: a map created or removed)`
              : `written by MVStore's writer threads in ${Math.round(p.durability.writeMillis / Math.max(1, p.durability.fsyncs))} ms ` +
                `before each of ${p.durability.fsyncs} fsyncs (${Math.round(p.durability.fsyncMillis / Math.max(1, p.durability.fsyncs))} ms each)`) +
            '.',
          ...(p.durability.replyWait
            ? [
                `Over the send load (p50 / p90 / p99 / max ms): a write's reply held for its fsync ${dist(p.durability.replyWait)}; ` +
                  `its stages: commit queued on the worker ${dist(p.durability.commitQueue)}, commit on the worker ${dist(p.durability.commit)}, ` +
                  (p.durability.redoLog
                    ? `log appended and fsynced ${dist(p.durability.fsync)}, reply sent after the fsync ${dist(p.durability.release)}; ` +
                      `beside them, checkpoints (off the replies' path): commit on the worker ${dist(p.durability.checkpointCommit)}, ` +
                      `pages written ${dist(p.durability.write)}, the whole to its fsync ${dist(p.durability.checkpoint)}. `
                    : `pages written ${dist(p.durability.write)}, fsync ${dist(p.durability.fsync)}, reply sent after the fsync ` +
                      `${dist(p.durability.release)}. `) +
                  `Commits deferred by the ` +
                  `store lock (compaction): ${p.durability.commitDeferrals ?? 0}, ${Math.round(p.durability.commitDeferredMillis ?? 0)} ms in all.`,
              ]
            : []),
        ]
      : []),
    ...(p.file
      ? [
          `File across the send load (${p.file.messages} messages): ${mb(p.file.before.fileSize)} → ${mb(p.file.after.fileSize)} MB ` +
            `(${kb((p.file.after.fileSize - p.file.before.fileSize) / Math.max(1, p.file.messages))} KB grown and ` +
            `${kb((p.file.after.writeBytes - p.file.before.writeBytes) / Math.max(1, p.file.messages))} KB written a message); ` +
            `${p.file.before.chunks} → ${p.file.after.chunks} chunks, ${p.file.after.chunksFillRate}% of their bytes live; ` +
            `compaction ${p.file.after.compactionSteps - p.file.before.compactionSteps} steps, ` +
            `${Math.round(p.file.after.compactionMillis - p.file.before.compactionMillis)} ms on its own thread` +
            (p.file.after.compactionCpuMillis !== undefined
              ? ` (${Math.round(p.file.after.compactionCpuMillis - (p.file.before.compactionCpuMillis ?? 0))} ms of CPU)`
              : '') +
            (p.file.after.compactionBatch
              ? `, ${(p.file.after.compactionYields ?? 0) - (p.file.before.compactionYields ?? 0)} steps ended early for a waiting commit; ` +
                `a batch of page rewrites (no store lock) took ${dist(p.file.after.compactionBatch)} ms since the start, ` +
                `${kb(p.file.after.compactionMaxBatchBytes ?? 0)} KB of pages at most; ` +
                `${(p.file.after.compactionStoreLockedPages ?? 0) - (p.file.before.compactionStoreLockedPages ?? 0)} pages ` +
                `of the store's own maps rewritten under the store lock, one a hold.`
              : '.'),
        ]
      : []),
    ...(p.historyCommands
      ? [
          `Database commands per loadHistory (populated): ` +
            p.historyCommands.map((c) => `${c.command} ${c.collection} ${c.perCall} (${c.workerMsPerCall} ms)`).join(', ') +
            '.',
        ]
      : []),
    ...[...p.errors.map((e) => `- populated: ${e}`), ...(f?.errors ?? []).map((e) => `- fresh: ${e}`)],
    '',
  ];
}

/** A launcher distribution as `p50 / p90 / p99 / max` (ms). */
export const dist = (d?: DurationSummary) => (d ? `${d.p50} / ${d.p90} / ${d.p99} / ${d.max}` : '–');
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const kb = (bytes: number) => (bytes / 1e3).toFixed(1);

function slowest(calls: ReadonlyArray<{ call: number; ms: number }> | undefined): string {
  return calls?.map(({ call, ms }) => `#${call}: ${ms}`).join(', ') || '–';
}
