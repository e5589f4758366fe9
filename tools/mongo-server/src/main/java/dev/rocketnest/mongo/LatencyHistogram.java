package dev.rocketnest.mongo;

import java.util.concurrent.atomic.AtomicLongArray;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Durations in 0.1 ms steps up to 2 s (longer ones in the last step): enough to tell a p99 of 3 ms from one of
 * 30 ms without keeping every sample. Recorded from any thread; {@link #reset} starts again.
 */
final class LatencyHistogram {

    private static final int STEPS = 20_000;
    private static final long STEP_NANOS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(STEPS + 1);

    void record(long nanos) {
        counts.incrementAndGet((int) Math.min(STEPS, Math.max(0, nanos / STEP_NANOS)));
    }

    void reset() {
        for (int i = 0; i <= STEPS; i++) {
            counts.set(i, 0);
        }
    }

    /** {count, p50, p90, p99, max} in milliseconds (each the upper bound of its step). */
    Document summary() {
        long[] snapshot = new long[STEPS + 1];
        long total = 0;
        int max = -1;
        for (int i = 0; i <= STEPS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
            if (snapshot[i] > 0) {
                max = i;
            }
        }
        return new Document("count", total)
            .append("p50", percentile(snapshot, total, 0.50))
            .append("p90", percentile(snapshot, total, 0.90))
            .append("p99", percentile(snapshot, total, 0.99))
            .append("max", max < 0 ? 0.0 : millis(max));
    }

    private static double percentile(long[] snapshot, long total, double fraction) {
        if (total == 0) {
            return 0.0;
        }
        long rank = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return millis(i);
            }
        }
        return millis(snapshot.length - 1);
    }

    private static double millis(int step) {
        return (step + 1) * STEP_NANOS / 1e6;
    }
}
