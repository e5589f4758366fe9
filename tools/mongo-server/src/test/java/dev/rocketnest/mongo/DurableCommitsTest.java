package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A write's reply waits for its fsync; when the log or the file cannot be written, the failure goes to the
 * handler (in the server: halt, for the launcher's restart to replay the log) and the reply is never released.
 * The commands run through the backend by hand; the connection is an embedded Netty channel, whose event loop is
 * the worker's.
 */
class DurableCommitsTest {

    @TempDir
    Path dir;

    private MVStore store;
    private RedoLog redo;
    private IndexedH2Backend backend;
    private DurableCommits durability;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final EmbeddedChannel connection = new EmbeddedChannel();

    @BeforeEach
    void open() throws IOException {
        Path file = dir.resolve("data/db.mv");
        Files.createDirectories(file.getParent());
        store = LocalMongoServer.openFile(file.toString(), true);
        CompactEncoding.enabled(store);
        redo = RedoLog.attach(store, file.toString());
        backend = new IndexedH2Backend(store, false, redo);
        durability = new DurableCommits(store, redo, failures::add);
        write("insert", () -> Backends.insert(backend, "db", "messages", List.of(new Document("_id", "m0"))));
        await(() -> durability.synced() == 1, "the collection's creation checkpointed");
    }

    @AfterEach
    void close() {
        store.closeImmediately();
    }

    @Test
    void releasesAWriteOnceItsGroupIsFsynced() {
        write("insert", () -> Backends.insert(backend, "db", "messages", List.of(new Document("_id", "m1"))));
        await(() -> durability.synced() == 2, "the group fsynced");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void reportsALogThatCannotBeWrittenAndNeverReleasesTheWrite() throws IOException {
        // The log's directory goes away (a disk unmounted under the server): the next checkpoint cannot start a segment.
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path path : files.toList()) {
                Files.delete(path);
            }
        }
        Files.delete(dir.resolve("data"));
        // A new collection: its commit is a checkpoint the reply waits for.
        write("insert", () -> Backends.insert(backend, "db", "rooms", List.of(new Document("_id", "r1"))));

        await(() -> !failures.isEmpty(), "the failure handled");
        assertInstanceOf(UncheckedIOException.class, failures.get(0));
        assertInstanceOf(IOException.class, failures.get(0).getCause());
        connection.runPendingTasks();
        assertEquals(1, durability.synced(), "the write is not acknowledged");
    }

    @Test
    void retriesACheckpointRefusedByTheStoreLockWithoutWaitingForAnotherWrite() throws Exception {
        connection.freezeTime();
        long before = checkpoints();
        // More than the log's 4 MB in one group: a checkpoint is due at the next look, which the group schedules.
        write("insert", () -> Backends.insert(backend, "db", "messages",
            List.of(new Document("_id", "big").append("text", "x".repeat(5 << 20)))));
        await(() -> durability.synced() == 2, "the group fsynced");

        // The compaction holds the store lock (moving a page of MVStore's own maps) when the checkpoint is tried.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread compaction = new Thread(() -> {
            ReentrantLock lock = storeLock();
            lock.lock();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        compaction.start();
        held.await();
        connection.advanceTimeBy(5, TimeUnit.SECONDS);
        connection.runPendingTasks();
        assertEquals(before, checkpoints(), "refused while the lock is held");

        release.countDown();
        compaction.join();
        // No write follows: the retry alone takes the checkpoint.
        connection.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        await(() -> checkpoints() == before + 1, "the checkpoint taken once the lock is free");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private long checkpoints() {
        return ((Number) durability.report(false).get("checkpoints")).longValue();
    }

    private ReentrantLock storeLock() {
        try {
            Field field = MVStore.class.getDeclaredField("storeLock");
            field.setAccessible(true);
            return (ReentrantLock) field.get(store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A write command as the server runs it on the connection's worker, then the group commit scheduled after it. */
    private void write(String command, Runnable run) {
        run.run();
        durability.afterCommand(connection, command);
        connection.runPendingTasks();
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            connection.runPendingTasks();
            Thread.onSpinWait();
        }
    }
}
