package dev.rocketnest.mongo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.h2.mvstore.ChunkEvacuation;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;


/**
 * Keeps a long-running server bounded: the oplog is trimmed to a size and an age every 10 s on the worker thread,
 * between commands, as MongoDB caps its oplog by size (and {@code oplogMinRetentionHours}); every 250 ms a
 * compaction step on its own thread rewrites the MVStore file's sparse chunks in proportion to what the commits
 * wrote since the step before, so that the garbage a sustained load makes is collected as fast as it is made.
 *
 * <p>The compaction runs beside the worker, not on it (in a populated benchmark run its steps took 18 ms each on the
 * loaded machine, 2.6 s of a 40 s load, every command queued behind them), and without MVStore's store lock
 * ({@link ChunkEvacuation}): it only moves pages, each rewritten with the same content by a map operation (MVStore's
 * maps take concurrent writers), so a group commit goes on between two pages and never captures a half-applied
 * command, and reads go on meanwhile. MVStore's own {@code compact} rewrote whole chunks under the lock: a group
 * commit waited up to 35 ms behind a bulk insert's chunk.
 *
 * <p>Why a pace and not a fixed amount: every group commit writes a new chunk holding the pages its writes touched
 * (each a whole page of up to 4 KB, in every map touched: the documents, each changed index, the oplog), most of it
 * garbage a few commits later, but a chunk keeps its space until its last live page is replaced or moved. A
 * 100 msg/s load writes ~10 MB/s, so the former fixed 16 MB a minute let the file grow with the load. A step
 * rewrites the live pages of the sparsest, oldest chunks (a small part of what they hold), up to {@code pace}% of
 * the bytes written since the last step, while the chunks are on the whole less than {@code targetFill}% live
 * (only a minimum while they are still at least {@code paceFloor}% live); the rewritten pages go to disk with the next group commit, and the emptied chunks are reused once the version
 * after it is on disk ({@link LocalMongoServer#openFile}: no retention time).
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long TRIM_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long COMPACT_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();
    private static final int MIN_BUDGET = 64 * 1024;
    private static final int MAX_BUDGET = 32 * 1024 * 1024;
    /** Page bytes one batch of a step rewrites; between two batches a step ends if a commit waits. */
    private static final int SLICE = Integer.getInteger("rocketnest.compactSlice", 256 * 1024);

    private final OplogHolder backend;
    private final MVStore store;
    private final long oplogMaxBytes;
    private final Duration oplogMaxAge;
    /** Chunks less full than this (percent of their bytes live) are rewritten. */
    private final int targetFill = Integer.getInteger("rocketnest.targetFill", 50);
    /** The budget of a step, in percent of the bytes written since the step before. */
    private final int pace = Integer.getInteger("rocketnest.compactPace", 20);
    /**
     * While the file is at least this full (percent of its chunks' bytes live), a step moves only {@code MIN_BUDGET}:
     * the pages a step moves go to disk with the next group commits, and at full pace they made each commit ~11%
     * larger and the send's p99 2.7x that of no moves (populated benchmark, idle machine). Below the floor the pace
     * grows with the distance, {@code 1/RAMP} of the full pace per point, so that a file hovering at the floor (the
     * populated benchmark's, 39-40% live after many runs: the send's p99 2-3x fresh with the full pace at once) gets
     * a trickle, and one further below the full pace that holds it bounded.
     */
    private final int paceFloor = Integer.getInteger("rocketnest.paceFloor", 40);
    private static final int RAMP = 10;
    private long lastTrim = System.nanoTime();
    private ScheduledExecutorService compactor;
    private long writtenBefore;
    private long compactionSteps;
    private long compactionBudget;
    private long compactionNanos;
    /** The steps' CPU time: on a loaded machine their wall time counts the waits for a core too. */
    private long compactionCpuNanos;
    private long compactionYields;
    /** How long each batch of page rewrites took (no store lock held), and the most page bytes one batch covered. */
    private final LatencyHistogram batches = new LatencyHistogram();
    private long maxBatchBytes;
    /** Pages of the store's own maps, each rewritten under the store lock (the only holds a step takes). */
    private long storeLockedPages;
    /** Budget a step left when it yielded to a commit: added to the next step's. */
    private long carried;
    /** Whether a group commit is waiting for the store lock (DurableCommits); never without one. */
    private BooleanSupplier commitWaiting = () -> false;

    Housekeeping(OplogHolder backend, MVStore store, long oplogMaxBytes, Duration oplogMaxAge) {
        this.backend = backend;
        this.store = store;
        this.oplogMaxBytes = oplogMaxBytes;
        this.oplogMaxAge = oplogMaxAge;
    }

    /** The compaction ends a step early whenever a group commit waits for the store lock. */
    void yieldTo(BooleanSupplier commitWaiting) {
        this.commitWaiting = commitWaiting;
    }

    /** On the worker thread, between commands. */
    void maybeRun() {
        long now = System.nanoTime();
        if (now - lastTrim < TRIM_INTERVAL_NANOS) {
            return;
        }
        lastTrim = now;
        try {
            trimOplog();
        } catch (RuntimeException e) {
            log.warn("oplog trim failed", e);
        }
    }

    /** Starts the compaction steps on their own thread (file mode). */
    void startCompaction() {
        if (store == null || compactor != null) {
            return;
        }
        compactor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mongo-compact");
            thread.setDaemon(true);
            return thread;
        });
        compactor.scheduleWithFixedDelay(() -> {
            try {
                if (!store.isClosed()) {
                    compactStep();
                }
            } catch (RuntimeException e) {
                log.warn("compaction step failed", e);
            }
        }, COMPACT_INTERVAL_NANOS, COMPACT_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
    }

    /** Stops the compaction steps (before the store closes), waiting for one under way. */
    void close() {
        if (compactor != null) {
            compactor.shutdown();
            try {
                compactor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void trimOplog() {
        MapOplog oplog = backend.mapOplog();
        if (oplog == null) {
            return;
        }
        // Entries are keyed by their timestamp: both trims remove from the start of the map, no scan.
        long start = System.nanoTime();
        int removed = oplog.trim(oplogMaxBytes, oplogMaxAge);
        if (removed > 0) {
            log.info("oplog trimmed: {} entries removed in {} ms", removed, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * One compaction step: rewrites the live pages of sparse chunks (they go to disk with the next group commit), as
     * many bytes as {@code pace}% of what was written since the last step.
     *
     * @return whether pages were rewritten
     */
    synchronized boolean compactStep() {
        Map<String, String> info = info(store);
        long written = Long.parseLong(info.get("info.FILE_WRITE_BYTES"));
        long since = written - writtenBefore;
        writtenBefore = written;
        // Nothing written, no garbage made: no step (its rewritten pages would wait in memory for the next commit,
        // and the same chunks would be picked again). At rest the file keeps its size; a clean stop compacts it.
        int fill = Integer.parseInt(info.get("info.CHUNKS_FILL_RATE"));
        if (since == 0 || fill >= targetFill) {
            return false;
        }
        long paced = fill >= paceFloor ? 0 : since * pace * Math.min(RAMP, paceFloor - fill) / (100L * RAMP);
        long budget = Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, paced + carried));
        carried = 0;
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long left = budget;
        // The pages are rewritten by map operations, without the store lock (ChunkEvacuation): a commit goes on
        // between two pages. A batch stays small anyway, so that a step yields the CPU to a waiting commit.
        try (ChunkEvacuation evacuation = ChunkEvacuation.of(store, targetFill, budget)) {
            while (left > 0 && evacuation.hasNext()) {
                if (commitWaiting.getAsBoolean()) {
                    compactionYields++;
                    carried = left;
                    break;
                }
                long batchStart = System.nanoTime();
                long bytes = evacuation.rewriteBatch(Math.min(SLICE, left));
                batches.record(System.nanoTime() - batchStart);
                maxBatchBytes = Math.max(maxBatchBytes, bytes);
                left -= bytes;
            }
            storeLockedPages += evacuation.storeLockedPages();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        compactionNanos += System.nanoTime() - start;
        compactionCpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
        boolean rewritten = left < budget;
        if (rewritten) {
            compactionSteps++;
            compactionBudget += budget - left;
        }
        return rewritten;
    }

    /** MVStore's own statistics of the file ({@code FileStore.populateInfo}: sizes, fill rates, chunks, pages). */
    static Map<String, String> info(MVStore store) {
        Map<String, String> info = new HashMap<>();
        store.getFileStore().populateInfo(info::put);
        return info;
    }

    /** The file's figures and the compaction's, for {@code rocketnestQueryStats}. */
    synchronized Document report() {
        if (store == null) {
            return null;
        }
        Map<String, String> info = info(store);
        return new Document("fileSize", Long.parseLong(info.get("info.FILE_SIZE")))
            .append("fillRate", Integer.parseInt(info.get("info.FILL_RATE")))
            .append("chunksFillRate", Integer.parseInt(info.get("info.CHUNKS_FILL_RATE")))
            .append("chunks", Long.parseLong(info.get("info.CHUNK_COUNT")))
            .append("pages", Long.parseLong(info.get("info.PAGE_COUNT")))
            .append("livePages", Long.parseLong(info.get("info.PAGE_COUNT_LIVE")))
            .append("writeBytes", Long.parseLong(info.get("info.FILE_WRITE_BYTES")))
            .append("writes", Long.parseLong(info.get("info.FILE_WRITE")))
            .append("readBytes", Long.parseLong(info.get("info.FILE_READ_BYTES")))
            .append("cacheHitRatio", Integer.parseInt(info.get("info.CACHE_HIT_RATIO")))
            .append("compactionSteps", compactionSteps)
            .append("compactionBudget", compactionBudget)
            .append("compactionMillis", compactionNanos / 1e6)
            .append("compactionCpuMillis", compactionCpuNanos / 1e6)
            .append("compactionYields", compactionYields)
            .append("compactionBatch", batches.summary())
            .append("compactionMaxBatchBytes", maxBatchBytes)
            .append("compactionStoreLockedPages", storeLockedPages);
    }
}
