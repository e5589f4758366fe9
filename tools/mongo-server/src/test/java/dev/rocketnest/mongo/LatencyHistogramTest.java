package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class LatencyHistogramTest {

    @Test
    void percentilesInTenthsOfAMillisecond() {
        LatencyHistogram histogram = new LatencyHistogram();
        // 1..100 ms, one sample each, and one beyond the last step.
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms * 1_000_000L - 1);
        }
        histogram.record(5_000_000_000L);
        Document summary = histogram.summary();
        assertEquals(101L, summary.get("count"));
        assertEquals(51.0, summary.get("p50"));
        assertEquals(91.0, summary.get("p90"));
        assertEquals(100.0, summary.get("p99"));
        assertEquals(2000.1, summary.get("max"));
        histogram.reset();
        assertEquals(new Document("count", 0L).append("p50", 0.0).append("p90", 0.0).append("p99", 0.0).append("max", 0.0),
            histogram.summary());
    }
}
