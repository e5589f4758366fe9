package org.h2.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk insert's chunk, gone sparse, holds far more live bytes than one compaction batch: it is evacuated in
 * batches of bounded page bytes, by map operations that go on while another thread holds the store lock (as a
 * group commit would), and once the moved pages are committed the chunk holds nothing live.
 */
class ChunkEvacuationTest {

    private static final int BATCH = 256 * 1024;
    private static final int DOCUMENTS = 20_000;

    @TempDir
    Path dir;

    @Test
    void bigSparseChunkIsEvacuatedInBoundedBatchesWithoutTheStoreLock() throws Exception {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("db.mv").toString()).pageSplitSize(4096)
            .autoCommitDisabled().open();
        store.setRetentionTime(0);
        MVMap<Integer, String> docs = store.openMap("docs");
        for (int i = 0; i < DOCUMENTS; i++) {
            docs.put(i, "x".repeat(300) + i);
        }
        store.commit();
        Chunk<?> bulk = store.getFileStore().chunks.values().stream().max(Comparator.comparingLong(c -> c.maxLen))
            .orElseThrow();
        // Six keys in ten removed, by whole ranges: the bulk chunk's other leaves stay live, untouched.
        for (int i = 0; i < DOCUMENTS; i++) {
            if (i / 1000 % 10 < 6) {
                docs.remove(i);
            }
            if (i % 1000 == 999) {
                store.commit();
            }
        }
        commitSmallWrites(store, docs, 3);
        assertTrue(bulk.getFillRate() < 50, "sparse: " + bulk);
        assertTrue(bulk.maxLenLive > 4L * BATCH, "more live bytes than a batch: " + bulk);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        ExecutorService committer = Executors.newSingleThreadExecutor();
        Future<Object> lockHolder = committer.submit(() -> store.tryExecuteUnderStoreLock(() -> {
            held.countDown();
            release.await();
            return null;
        }));
        held.await();
        int batches = 0;
        try (ChunkEvacuation evacuation = ChunkEvacuation.of(store, 50, Long.MAX_VALUE)) {
            assertTrue(evacuation.pageCount() > 0);
            while (evacuation.hasNext()) {
                long bytes = evacuation.rewriteBatch(BATCH);
                assertTrue(bytes > 0 && bytes <= BATCH, "a batch covers at most its bytes: " + bytes);
                batches++;
            }
        } finally {
            release.countDown();
            lockHolder.get();
            committer.shutdown();
        }
        assertTrue(batches >= 4, "batches: " + batches);

        // The store's own pages (meta, layout) wait for the store lock: a second pass moves them.
        try (ChunkEvacuation evacuation = ChunkEvacuation.of(store, 50, Long.MAX_VALUE)) {
            while (evacuation.hasNext()) {
                evacuation.rewriteBatch(BATCH);
            }
        }
        commitSmallWrites(store, docs, 3);
        Chunk<?> after = store.getFileStore().chunks.get(bulk.id);
        assertTrue(after == null || !after.isLive(), "the bulk chunk holds nothing live: " + after);
        for (int i = 0; i < DOCUMENTS; i++) {
            assertEquals(i / 1000 % 10 < 6 ? null : "x".repeat(300) + i, docs.get(i));
        }
        store.close();
    }

    @Test
    void pagesRewrittenBesideAWriterAndItsCommitsKeepEveryValue() throws Exception {
        String file = dir.resolve("race.mv").toString();
        MVStore store = new MVStore.Builder().fileName(file).pageSplitSize(4096).autoCommitDisabled().open();
        store.setRetentionTime(0);
        MVMap<Integer, String> docs = store.openMap("docs");
        for (int i = 0; i < DOCUMENTS; i++) {
            docs.put(i, "v0-" + i);
        }
        store.commit();
        // The writer (the worker's part): updates and removals in small commits, while evacuations run beside it.
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            for (int round = 1; round <= 200; round++) {
                for (int k = 0; k < 50; k++) {
                    int key = (round * 997 + k * 389) % DOCUMENTS;
                    if (key % 3 == 0) {
                        docs.remove(key);
                    } else {
                        docs.put(key, "v" + round + "-" + key);
                    }
                }
                store.commit();
            }
        });
        long listed = 0;
        while (!writes.isDone()) {
            try (ChunkEvacuation evacuation = ChunkEvacuation.of(store, 90, 1 << 20)) {
                listed += evacuation.pageCount();
                while (evacuation.hasNext()) {
                    evacuation.rewriteBatch(BATCH);
                }
            }
        }
        writes.get();
        writer.shutdown();
        assertTrue(listed > 0, "pages moved beside the writer");
        store.commit();
        java.util.Map<Integer, String> expected = new java.util.HashMap<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            expected.put(i, "v0-" + i);
        }
        for (int round = 1; round <= 200; round++) {
            for (int k = 0; k < 50; k++) {
                int key = (round * 997 + k * 389) % DOCUMENTS;
                expected.put(key, key % 3 == 0 ? null : "v" + round + "-" + key);
            }
        }
        for (int i = 0; i < DOCUMENTS; i++) {
            assertEquals(expected.get(i), docs.get(i), "key " + i);
        }
        store.close();
        MVStore reopened = new MVStore.Builder().fileName(file).readOnly().open();
        MVMap<Integer, String> read = reopened.openMap("docs");
        for (int i = 0; i < DOCUMENTS; i++) {
            assertEquals(expected.get(i), read.get(i), "key " + i + " after reopening");
        }
        reopened.close();
    }

    /** Commits that each change one key: they account for the pages the ones before replaced. */
    private static void commitSmallWrites(MVStore store, MVMap<Integer, String> docs, int commits) {
        for (int k = 0; k < commits; k++) {
            docs.put(-1, "tick" + k);
            store.commit();
        }
    }
}
