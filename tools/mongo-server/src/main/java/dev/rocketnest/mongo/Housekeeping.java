package dev.rocketnest.mongo;

import java.time.Duration;
import java.time.Instant;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Keeps a long-running server bounded, run on the worker thread between commands (at most once per interval):
 * the oplog is trimmed to a size and an age, as MongoDB caps its oplog by size (and {@code oplogMinRetentionHours});
 * the MVStore file's sparse chunks are rewritten so that it stays near the size of its live data.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int COMPACT_EVERY = 6;

    private final MongoBackend backend;
    private final MVStore store;
    private final long oplogMaxBytes;
    private final Duration oplogMaxAge;
    private long lastRun = System.nanoTime();
    private int runs;

    Housekeeping(MongoBackend backend, MVStore store, long oplogMaxBytes, Duration oplogMaxAge) {
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

    /** The `wall` of the oldest oplog entry kept, once known (null: not known, or the oplog is empty). */
    private Instant oldestKept;

    private static Instant oldestWall(MongoCollection<Object> oplog) {
        Document query = new Document("query", new Document()).append("orderby", new Document("wall", 1));
        for (Document oldest : oplog.handleQuery(query, 0, 1)) {
            return wallOf(oldest);
        }
        return null;
    }

    private static Instant wallOf(Document entry) {
        Object wall = entry.get("wall");
        return wall instanceof Instant instant ? instant : wall instanceof java.util.Date date ? date.toInstant() : null;
    }

    @SuppressWarnings("unchecked")
    void trimOplog() {
        MongoCollection<Object> oplog = (MongoCollection<Object>) backend.resolveDatabase("local")
            .resolveCollection("oplog.rs", false);
        if (oplog == null || oplog.isEmpty()) {
            return;
        }
        // The oplog has no index on `wall`: a delete by age scans every entry, on the one worker thread, every
        // 10 s (a stall of every command behind it, growing with the oplog). Entries only get newer, so once
        // the oldest entry kept is known the scan is needed only when that entry has aged out.
        Instant cutoff = Instant.now().minus(oplogMaxAge);
        int removed = 0;
        if (oldestKept == null || oldestKept.isBefore(cutoff)) {
            removed = oplog.deleteDocuments(new Document("wall", new Document("$lt", cutoff)), 0);
            oldestKept = oldestWall(oplog);
        }
        Document stats = oplog.getStats();
        long size = ((Number) stats.get("size")).longValue();
        int count = ((Number) stats.get("count")).intValue();
        if (size > oplogMaxBytes && count > 1) {
            // Drop the oldest entries down to 90% of the cap (by their average size).
            int keep = (int) Math.max(1, (long) (oplogMaxBytes * 0.9 / (size / (double) count)));
            Document query = new Document("query", new Document()).append("orderby", new Document("wall", 1));
            for (Document oldest : oplog.handleQuery(query, count - keep, 1)) {
                removed += oplog.deleteDocuments(new Document("wall", new Document("$lt", oldest.get("wall"))), 0);
                oldestKept = wallOf(oldest);
            }
        }
        if (removed > 0) {
            log.info("oplog trimmed: {} entries removed", removed);
        }
    }
}
