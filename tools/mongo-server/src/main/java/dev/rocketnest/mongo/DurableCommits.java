package dev.rocketnest.mongo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Group commit for the file-backed store: no write is acknowledged before it is on disk.
 *
 * <p>After a command that changed data, the worker thread schedules one MVStore commit to run after the
 * commands already received (so every write of a burst shares it, and no command is half-applied when it runs),
 * and the reply waits in {@link DurableReplyGate}. A second thread fsyncs the file and then releases every reply
 * whose commit the fsync covered, while the worker goes on serving other commands. MVStore's own background
 * auto-commit is off: it could persist a command half-done, and it is what lost ~1 s of acknowledged writes.
 */
final class DurableCommits {

    static final AttributeKey<Long> REQUIRED = AttributeKey.valueOf("rocketnest.requiredCommit");
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

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fsyncNanos = new AtomicLong();
    private final AtomicLong durableWrites = new AtomicLong();

    DurableCommits(MVStore store) {
        this.store = store;
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
        channel.attr(REQUIRED).set(committed.get() + 1);
        if (channel.pipeline().get(DurableReplyGate.NAME) == null) {
            channel.pipeline().addFirst(DurableReplyGate.NAME, new DurableReplyGate(this));
        }
        if (!commitScheduled) {
            commitScheduled = true;
            channel.eventLoop().execute(this::commit);
        }
    }

    /** On the worker thread, between commands. */
    private void commit() {
        commitScheduled = false;
        long start = System.nanoTime();
        store.commit();
        long sequence = committed.incrementAndGet();
        commits.incrementAndGet();
        commitNanos.addAndGet(System.nanoTime() - start);
        syncer.execute(() -> sync(sequence));
    }

    /** On the fsync thread: one fsync covers every commit written before it started. */
    private void sync(long sequence) {
        if (sequence <= synced) {
            return;
        }
        long covered = committed.get();
        long start = System.nanoTime();
        store.sync();
        fsyncs.incrementAndGet();
        fsyncNanos.addAndGet(System.nanoTime() - start);
        synced = covered;
        for (DurableReplyGate gate : waiting) {
            waiting.remove(gate);
            gate.release();
        }
    }

    void waitFor(DurableReplyGate gate) {
        waiting.add(gate);
        if (synced >= committed.get() && !commitScheduled) {
            // Released between the check and the registration: release again.
            waiting.remove(gate);
            gate.release();
        }
    }

    Document report() {
        return new Document("writes", durableWrites.get())
            .append("commits", commits.get())
            .append("commitMillis", commitNanos.get() / 1e6)
            .append("fsyncs", fsyncs.get())
            .append("fsyncMillis", fsyncNanos.get() / 1e6);
    }

    void close() {
        syncer.shutdown();
    }
}
