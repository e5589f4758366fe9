package dev.rocketnest.mongo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;

/**
 * Group commit for the file-backed store: no write is acknowledged before it is on disk.
 *
 * <p>After a command that changed data, the worker thread schedules one group commit to run after the commands
 * already received (so every write of a burst shares it, and no command is half-applied when it runs), and the
 * reply waits in {@link DurableReplyGate}. With a {@link RedoLog} (every file in the compact format) the group is
 * the changes themselves, appended to the log and fsynced by the fsync thread; the MVStore file is committed as a
 * checkpoint every 5 s under writes ({@code -Drocketnest.checkpointMillis}) or 4 MB of log, on its own thread,
 * nobody's reply waiting for it — except after a map was created, removed or renamed, which the log does not
 * replay: that commit is a checkpoint the replies wait for. Without a log (a file of the old format) every group
 * is an MVStore commit. On the worker an MVStore commit only fixes the version: it captures
 * every map's root (copy-on-write, so later writes do not touch it) and hands it to MVStore's serialisation and
 * write threads ({@code tryCommit}); re-serialising the touched pages, the dear part, no longer holds up the
 * commands behind it. A third thread waits until those threads have written every commit handed over so far,
 * fsyncs the file once, and releases every reply the fsync covered. MVStore's own background auto-commit never
 * fires (see {@link #configure}): it could persist a command half-done, and it is what lost ~1 s of
 * acknowledged writes.
 *
 * <p>A log or file that cannot be written or fsynced (a full or failing disk) stops the process at once
 * ({@link #HALT}): the replies waiting for it are never sent, so nothing unwritten was acknowledged, and the
 * launcher's restart replays what was. Carrying on would leave every write waiting forever, or acknowledge writes
 * that are not on disk.
 */
final class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);
    /** What a failed append, fsync or checkpoint does in the server: halt, no shutdown hook (its close writes). */
    static final Consumer<Throwable> HALT = failure -> {
        log.error("FATAL: the database cannot make its writes durable; stopping for a restart to replay its log", failure);
        System.err.flush();
        Runtime.getRuntime().halt(74);
    };

    static final AttributeKey<Long> REQUIRED = AttributeKey.valueOf("rocketnest.requiredCommit");
    /** How soon a commit or checkpoint refused by the store lock (held to move a page of MVStore's maps) is tried again. */
    private static final long RETRY_MICROS = 200;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
        "create", "drop", "dropindexes", "dropdatabase", "renamecollection", "aggregate");

    private static final long CHECKPOINT_NANOS = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("rocketnest.checkpointMillis", 5000));
    /** Also bounds the pages held unsaved in memory: a few hundred bytes of log can dirty a 4 KB page each. */
    private static final long CHECKPOINT_LOG_BYTES = 4L << 20;

    private final MVStore store;
    private final RedoLog redo;
    private final Consumer<Throwable> onFailure;
    private final ExecutorService syncer = thread("mongo-fsync");
    /** Waits for a checkpoint's pages to be written and fsyncs them, beside the log's fsyncs. */
    private final ExecutorService checkpointer = thread("mongo-checkpoint");
    /** An MVStore commit on its way to disk (worker thread): the next one waits for it (retention time 0). */
    private boolean checkpointing;
    private boolean checkpointScheduled;
    private long lastCheckpoint = System.nanoTime();
    private final AtomicLong checkpoints = new AtomicLong();
    /** Of those, the ones replies waited for (a map created, removed or renamed). */
    private final AtomicLong waitedCheckpoints = new AtomicLong();
    /** A checkpoint from its commit on the worker to its fsync's end, and the part on the worker. */
    private final LatencyHistogram checkpointTimes = new LatencyHistogram();
    private final LatencyHistogram checkpointCommits = new LatencyHistogram();
    private final Set<DurableReplyGate> waiting = ConcurrentHashMap.newKeySet();
    /** Commits written to the file; only the worker thread increments it. */
    private final AtomicLong committed = new AtomicLong();
    private volatile long synced;
    private boolean commitScheduled;
    /** The scheduled commit has let the event loop read its sockets once more (worker thread only). */
    private boolean lookedAgain;
    /** Writes made since the last commit (worker thread only). */
    private boolean dirty;
    /** A commit handed to the fsync thread and not yet on disk: the next one waits for it (group commit). */
    private volatile boolean syncing;

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fsyncNanos = new AtomicLong();
    private final AtomicLong durableWrites = new AtomicLong();
    /** Writes covered by the commits so far (their group sizes added up), and those since the last commit. */
    private final AtomicLong groupSizes = new AtomicLong();
    private long sinceCommit;

    private final AtomicLong flushNanos = new AtomicLong();
    /** Since when the worker has found the store lock taken (the compaction, the close); 0 when it has not. */
    private volatile long deferredSince;
    private final AtomicLong deferrals = new AtomicLong();
    private final AtomicLong deferredNanos = new AtomicLong();
    /** How long a reply to a write was held for its fsync, and what an fsync and a commit on the worker took. */
    private final LatencyHistogram replyWaits = new LatencyHistogram();
    private final LatencyHistogram fsyncTimes = new LatencyHistogram();
    private final LatencyHistogram commitTimes = new LatencyHistogram();
    /** The stages of that wait: commit queued behind the commands received; pages written; reply sent after fsync. */
    private final LatencyHistogram commitQueue = new LatencyHistogram();
    private final LatencyHistogram writeTimes = new LatencyHistogram();
    private final LatencyHistogram releaseDelays = new LatencyHistogram();
    private long scheduledAt;
    private volatile long syncedAt;
    private EventLoop worker;

    DurableCommits(MVStore store, RedoLog redo, Consumer<Throwable> onFailure) {
        this.store = store;
        this.redo = redo;
        this.onFailure = onFailure;
    }

    /** A step of the fsync or checkpoint thread; if it fails, nothing after it may be acknowledged. */
    private Runnable orFail(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opened without auto-commit and without a write buffer threshold (so MVStore never commits by itself, in
     * the middle of a command), then given a background thread anyway: its serialisation and write executors
     * exist only with one. Its own periodic commit waits for a delay no run reaches.
     */
    static MVStore.Builder configure(MVStore.Builder builder) {
        return builder.autoCommitDisabled().autoCommitBufferSize(0).autoCompactFillRate(0);
    }

    static void startWriterThreads(MVStore store) {
        store.setAutoCommitDelay(Integer.MAX_VALUE);
    }

    long synced() {
        return synced;
    }

    /** On the worker thread, after a command: if it wrote, its reply waits for the next commit's fsync. */
    void afterCommand(Channel channel, String command) {
        if (channel == null || !WRITES.contains(command.toLowerCase()) || !changed()) {
            return;
        }
        durableWrites.incrementAndGet();
        sinceCommit++;
        dirty = true;
        channel.attr(REQUIRED).set(committed.get() + 1);
        if (channel.pipeline().get(DurableReplyGate.NAME) == null) {
            channel.pipeline().addFirst(DurableReplyGate.NAME, new DurableReplyGate(this));
        }
        worker = channel.eventLoop();
        scheduleCommit();
    }

    private boolean changed() {
        return redo == null ? store.hasUnsavedChanges() : redo.hasPending() || redo.structureChanged();
    }

    /**
     * On the worker thread: a commit after the commands already received — unless one is on its way to disk,
     * in which case the writes made meanwhile wait and share the commit that follows it. Under load the group
     * grows with the fsync's duration (one commit per fsync, never a queue of them): fewer, larger commits,
     * each rewriting a touched page once, and the worker's time per write falls as the load rises.
     */
    private void scheduleCommit() {
        if (!commitScheduled && !syncing && dirty) {
            commitScheduled = true;
            scheduledAt = System.nanoTime();
            worker.execute(this::commit);
        }
    }

    /** On the worker thread, between commands: fixes the version and hands it to MVStore's writer threads. */
    private void commit() {
        if (!lookedAgain) {
            // One more look at the sockets first (a task scheduled from a task runs after the event loop's next
            // select): a client that writes two commands at once (core: a message's insert and its room's count, on
            // two connections) has the second read and served before the commit, so both share one fsync.
            lookedAgain = true;
            worker.schedule(this::commit, 0, TimeUnit.NANOSECONDS);
            return;
        }
        lookedAgain = false;
        commitScheduled = false;
        if (syncing || !dirty) {
            return;
        }
        long start = System.nanoTime();
        if (deferredSince == 0) {
            commitQueue.record(start - scheduledAt);
        }
        if (redo != null && !redo.structureChanged()) {
            appendGroup(start);
            return;
        }
        if (checkpointing) {
            // The checkpoint on its way to disk first (retention time 0); the commands received meanwhile are served.
            defer(start);
            return;
        }
        long applied = redo == null ? 0 : redo.markCheckpoint();
        if (store.tryCommit() < 0 && store.hasUnsavedChanges()) {
            // Another thread holds the store lock (the compaction moving a page of MVStore's own maps, the close): the
            // compaction sees the flag and ends its step after the batch under way; try again shortly, serving the
            // commands received meanwhile.
            defer(start);
            return;
        }
        if (redo != null) {
            redo.checkpointCommitted(true);
            checkpointing = true;
            waitedCheckpoints.incrementAndGet();
        }
        long sequence = committed(start);
        syncer.execute(orFail(() -> sync(sequence, applied)));
    }

    /** Tried again shortly, serving the commands received meanwhile. */
    private void defer(long start) {
        if (deferredSince == 0) {
            deferredSince = start;
            deferrals.incrementAndGet();
        }
        commitScheduled = true;
        worker.schedule(this::commit, RETRY_MICROS, TimeUnit.MICROSECONDS);
    }

    /** On the worker: the group handed over; returns its number, which the waiting replies need synced. */
    private long committed(long start) {
        long end = System.nanoTime();
        if (deferredSince != 0) {
            deferredNanos.addAndGet(end - deferredSince);
            deferredSince = 0;
        }
        commitTimes.record(end - start);
        dirty = false;
        syncing = true;
        commits.incrementAndGet();
        groupSizes.addAndGet(sinceCommit);
        sinceCommit = 0;
        commitNanos.addAndGet(end - start);
        return committed.incrementAndGet();
    }

    /** On the worker: the changes since the last group go to the log; the replies wait for its fsync only. */
    private void appendGroup(long start) {
        RedoLog.Group group = redo.takeGroup();
        if (group == null) {
            dirty = false;
            return;
        }
        long sequence = committed(start);
        syncer.execute(orFail(() -> {
            long begin = System.nanoTime();
            redo.append(group);
            fsynced(System.nanoTime() - begin);
            durable(sequence);
        }));
        maybeCheckpoint();
    }

    /**
     * On the worker: a checkpoint if one is due (5 s since the last, or 4 MB of log), else one scheduled for when
     * it is, so the log is checkpointed soon after the writes stop too.
     */
    private void maybeCheckpoint() {
        if (checkpointing || checkpointScheduled || !store.hasUnsavedChanges()) {
            return;
        }
        long wait = lastCheckpoint + CHECKPOINT_NANOS - System.nanoTime();
        if (wait > 0 && redo.segmentBytes() < CHECKPOINT_LOG_BYTES) {
            checkpointIn(wait);
            return;
        }
        long start = System.nanoTime();
        long applied = redo.markCheckpoint();
        if (store.tryCommit() < 0) {
            // The store lock is held (a page of MVStore's own maps being moved): tried again shortly, not left for
            // the next write, which may not come.
            checkpointIn(TimeUnit.MICROSECONDS.toNanos(RETRY_MICROS));
            return;
        }
        checkpointCommits.record(System.nanoTime() - start);
        redo.checkpointCommitted(false);
        checkpointing = true;
        syncer.execute(orFail(() -> redo.startSegment(applied + 1)));
        checkpointer.execute(orFail(() -> {
            writeCheckpoint(applied);
            checkpointWritten(System.nanoTime() - start);
        }));
    }

    /** On the worker: {@link #maybeCheckpoint} again in {@code nanos}. */
    private void checkpointIn(long nanos) {
        checkpointScheduled = true;
        worker.schedule(() -> {
            checkpointScheduled = false;
            maybeCheckpoint();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Off the worker: waits for MVStore's threads to write the version and fsyncs it; its log is then garbage. */
    private void writeCheckpoint(long applied) {
        long flushStart = System.nanoTime();
        // Returns once MVStore's serialisation and write threads have finished everything handed to them so far.
        store.getFileStore().executeFileStoreOperation(() -> { });
        long start = System.nanoTime();
        flushNanos.addAndGet(start - flushStart);
        writeTimes.record(start - flushStart);
        store.sync();
        if (redo != null) {
            syncer.execute(orFail(() -> redo.deleteSegmentsBefore(applied + 1)));
        }
    }

    /** Off the worker: a checkpoint is on disk; the worker may take the next. */
    private void checkpointWritten(long nanos) {
        checkpointTimes.record(nanos);
        checkpoints.incrementAndGet();
        worker.execute(this::checkpointDone);
    }

    private void fsynced(long nanos) {
        fsyncs.incrementAndGet();
        fsyncNanos.addAndGet(nanos);
        fsyncTimes.record(nanos);
    }

    private void checkpointDone() {
        checkpointing = false;
        lastCheckpoint = System.nanoTime();
        maybeCheckpoint();
    }

    /** On the fsync thread: an MVStore commit the replies wait for (no log, or a map created or removed). */
    private void sync(long sequence, long applied) {
        if (redo != null) {
            redo.startSegment(applied + 1);
        }
        long start = System.nanoTime();
        writeCheckpoint(applied);
        long fsync = System.nanoTime() - start;
        fsynced(fsync);
        if (redo != null) {
            checkpointWritten(fsync);
        }
        durable(sequence);
    }

    /** On the fsync thread: the replies waiting for this group and those before it go out. */
    private void durable(long sequence) {
        syncedAt = System.nanoTime();
        synced = sequence;
        syncing = false;
        for (DurableReplyGate gate : waiting) {
            waiting.remove(gate);
            gate.release(true);
        }
        // The writes made during this fsync: their commit now (cleared above first, so none is missed).
        worker.execute(this::scheduleCommit);
    }

    /** Whether a commit is waiting for the store lock: the compaction yields to it (from any thread). */
    boolean commitWaiting() {
        return deferredSince != 0;
    }

    /** A reply released after being held this long for its fsync (the connection's thread). */
    void replyHeld(long nanos) {
        replyWaits.record(nanos);
    }

    /** A connection's held replies sent, this long after the fsync that covered them (on the worker's queue). */
    void released(long now) {
        releaseDelays.record(now - syncedAt);
    }

    void waitFor(DurableReplyGate gate) {
        waiting.add(gate);
        if (synced >= committed.get() && !commitScheduled) {
            // Released between the check and the registration: release again.
            waiting.remove(gate);
            gate.release(false);
        }
    }

    /** Totals since the start; the distributions since the last {@code reset}. */
    Document report(boolean reset) {
        Document report = new Document("writes", durableWrites.get())
            .append("commits", commits.get())
            .append("commitMillis", commitNanos.get() / 1e6)
            .append("writesPerCommit", commits.get() == 0 ? 0 : groupSizes.get() / (double) commits.get())
            .append("writeMillis", flushNanos.get() / 1e6)
            .append("fsyncs", fsyncs.get())
            .append("fsyncMillis", fsyncNanos.get() / 1e6)
            .append("commitDeferrals", deferrals.get())
            .append("commitDeferredMillis", deferredNanos.get() / 1e6)
            .append("checkpoints", checkpoints.get())
            .append("checkpointsWaitedFor", waitedCheckpoints.get())
            .append("checkpoint", checkpointTimes.summary())
            .append("checkpointCommit", checkpointCommits.summary())
            .append("redoLog", redo == null ? null : redo.report())
            .append("replyWait", replyWaits.summary())
            .append("fsync", fsyncTimes.summary())
            .append("commit", commitTimes.summary())
            .append("commitQueue", commitQueue.summary())
            .append("write", writeTimes.summary())
            .append("release", releaseDelays.summary());
        if (reset) {
            replyWaits.reset();
            fsyncTimes.reset();
            commitTimes.reset();
            commitQueue.reset();
            writeTimes.reset();
            releaseDelays.reset();
            checkpointTimes.reset();
            checkpointCommits.reset();
        }
        return report;
    }

    /** At a clean stop: the groups handed over are written, then the log's last checkpoint leaves no segment. */
    void close() {
        syncer.shutdown();
        checkpointer.shutdown();
        try {
            syncer.awaitTermination(5, TimeUnit.SECONDS);
            checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (redo != null) {
            redo.close();
        }
    }
}
