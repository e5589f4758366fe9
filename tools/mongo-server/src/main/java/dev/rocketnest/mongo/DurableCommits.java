package dev.rocketnest.mongo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;

/**
 * Group commit for the file-backed store: no write is acknowledged before it is on disk.
 *
 * <p>After a command that changed data, the worker thread schedules one MVStore commit to run after the
 * commands already received (so every write of a burst shares it, and no command is half-applied when it runs),
 * and the reply waits in {@link DurableReplyGate}. On the worker the commit only fixes the version: it captures
 * every map's root (copy-on-write, so later writes do not touch it) and hands it to MVStore's serialisation and
 * write threads ({@code tryCommit}); re-serialising the touched pages, the dear part, no longer holds up the
 * commands behind it. A third thread waits until those threads have written every commit handed over so far,
 * fsyncs the file once, and releases every reply the fsync covered. MVStore's own background auto-commit never
 * fires (see {@link #configure}): it could persist a command half-done, and it is what lost ~1 s of
 * acknowledged writes.
 */
final class DurableCommits {

    static final AttributeKey<Long> REQUIRED = AttributeKey.valueOf("rocketnest.requiredCommit");
    /** How soon a commit refused by the store lock is tried again (held to move one page of MVStore's own maps). */
    private static final long RETRY_MICROS = 200;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
        "create", "drop", "dropindexes", "dropdatabase", "renamecollection", "aggregate");

    private final MVStore store;
    private final ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "mongo-fsync");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<DurableReplyGate> waiting = ConcurrentHashMap.newKeySet();
    /** Commits written to the file; only the worker thread increments it. */
    private final AtomicLong committed = new AtomicLong();
    private volatile long synced;
    private boolean commitScheduled;
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

    DurableCommits(MVStore store) {
        this.store = store;
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
        if (channel == null || !WRITES.contains(command.toLowerCase()) || !store.hasUnsavedChanges()) {
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
        commitScheduled = false;
        if (syncing || !dirty) {
            return;
        }
        long start = System.nanoTime();
        if (deferredSince == 0) {
            commitQueue.record(start - scheduledAt);
        }
        if (store.tryCommit() < 0 && store.hasUnsavedChanges()) {
            // Another thread holds the store lock (the compaction moving a page of MVStore's own maps, the close): the
            // compaction sees the flag and ends its step after the batch under way; try again shortly, serving the
            // commands received meanwhile.
            if (deferredSince == 0) {
                deferredSince = start;
                deferrals.incrementAndGet();
            }
            commitScheduled = true;
            worker.schedule(this::commit, RETRY_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        long end = System.nanoTime();
        if (deferredSince != 0) {
            deferredNanos.addAndGet(end - deferredSince);
            deferredSince = 0;
        }
        commitTimes.record(end - start);
        dirty = false;
        syncing = true;
        long sequence = committed.incrementAndGet();
        commits.incrementAndGet();
        groupSizes.addAndGet(sinceCommit);
        sinceCommit = 0;
        commitNanos.addAndGet(end - start);
        syncer.execute(() -> sync(sequence));
    }

    /** On the fsync thread: one fsync covers every commit handed over before it started. */
    private void sync(long sequence) {
        if (sequence <= synced) {
            return;
        }
        long covered = committed.get();
        long flushStart = System.nanoTime();
        // Returns once MVStore's serialisation and write threads have finished everything handed to them so far.
        store.getFileStore().executeFileStoreOperation(() -> { });
        long start = System.nanoTime();
        flushNanos.addAndGet(start - flushStart);
        writeTimes.record(start - flushStart);
        store.sync();
        fsyncs.incrementAndGet();
        long fsync = System.nanoTime() - start;
        fsyncNanos.addAndGet(fsync);
        fsyncTimes.record(fsync);
        syncedAt = System.nanoTime();
        synced = covered;
        syncing = false;
        for (DurableReplyGate gate : waiting) {
            waiting.remove(gate);
            gate.release();
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
            gate.release();
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
        }
        return report;
    }

    void close() {
        syncer.shutdown();
    }
}
