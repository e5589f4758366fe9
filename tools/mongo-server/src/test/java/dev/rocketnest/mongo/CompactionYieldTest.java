package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A compaction step never starts a slice while a group commit waits for the store lock: it yields, carries its
 * budget to the next step, and that step, with no commit waiting, rewrites the sparse chunks.
 */
class CompactionYieldTest {

    @TempDir
    Path dir;

    @Test
    void stepYieldsToAWaitingCommitAndCarriesItsBudget() {
        IndexedH2Backend backend = (IndexedH2Backend) Backends.open("file", dir);
        MVStore store = backend.getMvStore();
        Housekeeping housekeeping = new Housekeeping(backend, store, 256L << 20, Duration.ofHours(24));
        AtomicBoolean commitWaiting = new AtomicBoolean(true);
        housekeeping.yieldTo(commitWaiting::get);

        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            documents.add(new Document("_id", "d" + i).append("n", 0).append("text", "x".repeat(200)));
        }
        Backends.insert(backend, "db", "docs", documents);
        store.commit();
        // Small commits that each rewrite a few documents: the bulk-loaded chunk and the small ones go sparse.
        for (int round = 1; round <= 400; round++) {
            for (int k = 0; k < 5; k++) {
                int id = (round * 37 + k * 401) % 2_000;
                Backends.command(backend, "db", new Document("update", "docs").append("updates",
                    List.of(new Document("q", new Document("_id", "d" + id)).append("u", new Document("$inc", new Document("n", 1))))));
            }
            store.commit();
        }

        assertFalse(housekeeping.compactStep(), "no slice while a commit waits");
        Document yielded = housekeeping.report();
        assertEquals(1L, yielded.get("compactionYields"));
        assertEquals(0L, yielded.get("compactionSteps"));

        commitWaiting.set(false);
        // A write since, so that the step has something to pace on besides the carried budget.
        Backends.command(backend, "db", new Document("update", "docs").append("updates",
            List.of(new Document("q", new Document("_id", "d1")).append("u", new Document("$inc", new Document("n", 1))))));
        store.commit();
        assertTrue(housekeeping.compactStep(), "the next step rewrites: " + housekeeping.report());
        Document done = housekeeping.report();
        assertEquals(1L, done.get("compactionSteps"));
        assertEquals(1L, done.get("compactionYields"));
        backend.close();
    }
}
