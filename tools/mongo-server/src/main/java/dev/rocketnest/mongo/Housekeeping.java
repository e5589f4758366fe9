package dev.rocketnest.mongo;

import java.time.Duration;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Keeps a long-running server bounded, run on the worker thread between commands (at most once per interval):
 * the oplog is trimmed to a size and an age, as MongoDB caps its oplog by size (and {@code oplogMinRetentionHours});
 * the MVStore file's sparse chunks are rewritten so that it stays near the size of its live data.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int COMPACT_EVERY = 6;

    private final OplogHolder backend;
    private final MVStore store;
    private final long oplogMaxBytes;
    private final Duration oplogMaxAge;
    private long lastRun = System.nanoTime();
    private int runs;

    Housekeeping(OplogHolder backend, MVStore store, long oplogMaxBytes, Duration oplogMaxAge) {
        this.backend = backend;
        this.store = store;
        this.oplogMaxBytes = oplogMaxBytes;
        this.oplogMaxAge = oplogMaxAge;
    }

    void maybeRun() {
        long now = System.nanoTime();
        if (now - lastRun < INTERVAL_NANOS) {
            return;
        }
        lastRun = now;
        try {
            trimOplog();
            if (store != null && ++runs % COMPACT_EVERY == 0) {
                // Rewrites chunks less than half full (committing them as a whole, between commands).
                store.compact(50, 16 * 1024 * 1024);
            }
        } catch (RuntimeException e) {
            log.warn("housekeeping failed", e);
        }
    }

    void trimOplog() {
        MapOplog oplog = backend.mapOplog();
        if (oplog == null) {
            return;
        }
        // Entries are keyed by their timestamp: both trims remove from the start of the map, no scan.
        int removed = oplog.trim(oplogMaxBytes, oplogMaxAge);
        if (removed > 0) {
            log.info("oplog trimmed: {} entries removed", removed);
        }
    }
}
