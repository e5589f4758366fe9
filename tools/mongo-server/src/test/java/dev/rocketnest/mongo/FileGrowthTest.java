package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The file stays bounded under a sustained write load: rounds of updates over the same documents, each a small
 * group commit as under load, with the housekeeping's compaction steps between them (one per 50 commits, about
 * 250 ms of a 100 msg/s load). The file's size levels off near its live data instead of growing with the writes
 * (before: dead chunks retained 45 s and 16 MB of compaction a minute: ~100 KB more per commit, without end).
 */
class FileGrowthTest {

    private static final int DOCUMENTS = 5_000;

    @TempDir
    Path dir;

    /** Words of random letters: compresses about as a chat message does, not as a repeated character. */
    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(random.nextInt(8) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    @Test
    void fileSizeLevelsOffUnderSustainedUpdates() {
        IndexedH2Backend backend = (IndexedH2Backend) Backends.open("file", dir);
        MVStore store = backend.getMvStore();
        Housekeeping housekeeping = new Housekeeping(backend, store, 256L << 20, Duration.ofHours(24));
        // Subscription-shaped documents and indexes: each update moves the document's `ls` entry in its index.
        Backends.index(backend, "db", "subs", new Document("rid", 1).append("u._id", 1), false);
        Backends.index(backend, "db", "subs", new Document("ls", 1), false);
        Backends.index(backend, "db", "subs", new Document("u._id", 1), false);
        Random random = new Random(1);
        List<Object> ids = new ArrayList<>();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            String id = "s" + random.nextInt(1_000_000_000) + "-" + i;
            ids.add(id);
            batch.add(new Document("_id", id).append("rid", "r" + (i % 250)).append("u", new Document("_id", "u" + i))
                .append("ls", (long) i).append("text", text(random, 200)));
            if (batch.size() == 1000) {
                Backends.insert(backend, "db", "subs", batch);
                batch = new ArrayList<>();
            }
        }
        store.commit();
        long loaded = store.getFileStore().size();

        List<Long> sizes = new ArrayList<>();
        long ls = DOCUMENTS;
        int commits = 0;
        for (int round = 0; round < 10; round++) {
            for (int w = 0; w < 2000; w++) {
                Document update = new Document("q", new Document("_id", ids.get(random.nextInt(ids.size()))))
                    .append("u", new Document("$set", new Document("ls", ls++)));
                Backends.command(backend, "db", new Document("update", "subs").append("updates", List.of(update)));
                if (w % 4 == 3) {
                    store.commit();
                    if (++commits % 50 == 0) {
                        housekeeping.compactStep();
                    }
                }
            }
            store.commit();
            sizes.add(store.getFileStore().size());
        }
        Document report = housekeeping.report();
        backend.close();

        long written = ((Number) report.get("writeBytes")).longValue();
        String figures = String.format("loaded %.1f MB, sizes after each round %s MB, %.0f MB written, %s", loaded / 1e6,
            sizes.stream().map(s -> String.format("%.1f", s / 1e6)).toList(), written / 1e6, report);
        System.out.println(figures);
        // The rounds wrote ~140 times the bulk-loaded file; the file ends within 5x of it (the chunks are on the whole
        // a third live, a young chunk being mostly garbage-to-be), its growth after the first round a rounding error...
        assertTrue(written > 100 * loaded, figures);
        long last = sizes.get(sizes.size() - 1);
        assertTrue(last < 5 * loaded, figures);
        assertTrue(last - sizes.get(0) < written / 100, figures);
        // ...and levels off: the second half of the rounds adds no more than a quarter to the first half's largest.
        long firstHalf = sizes.subList(0, 5).stream().mapToLong(Long::longValue).max().orElseThrow();
        long secondHalf = sizes.subList(5, 10).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(secondHalf <= firstHalf * 1.25, figures);
        // The steps moved pages in batches of at most a slice (256 KB), with no store lock but for the store's own
        // pages, one a hold.
        long maxBatch = ((Number) report.get("compactionMaxBatchBytes")).longValue();
        assertTrue(maxBatch > 0 && maxBatch <= 256 * 1024, figures);
        assertTrue(((Number) report.get("compactionStoreLockedPages")).longValue() > 0, figures);
    }
}
