package org.h2.mvstore;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves the live pages out of the file's sparsest chunks a batch at a time, without the store lock (rocket-nest's
 * compaction; in H2's package because the chunk table and page rewrite are package-private in MVStore 2.3).
 *
 * <p>{@link MVStore#compact} rewrites every live page of the chunks it picks in one call under the store lock, so a
 * group commit waits for a whole chunk however large it is (up to 35 ms for the chunks of a bulk insert), and it
 * only picks chunks whose live bytes fit in the call's budget. Here the pages are listed from the chunks' tables of
 * contents (sparsest and oldest first, as MVStore ranks them) and each is rewritten, with the same content, by a map
 * operation ({@link MVMap#rewritePage}): a copy-on-write update of the map's root, as concurrent with a commit as
 * any write. Only the pages of the store's own maps (meta, layout), which its commits change themselves, are
 * rewritten under the store lock, one at a time. The version current at the listing stays in use until
 * {@link #close}, so none of the listed chunks is freed (and its space reused) while its pages are being read.
 */
public final class ChunkEvacuation implements AutoCloseable {

    private final MVStore store;
    private final MVStore.TxCounter usage;
    private final MVMap<String, String> meta;
    private final MVMap<?, ?> layout;
    /** Each listed page: its chunk and its table-of-contents entry (map id, offset, length, type). */
    private final int[] chunkIds;
    private final long[] tocEntries;
    private int next;
    private long storeLockedPages;

    private ChunkEvacuation(MVStore store, MVStore.TxCounter usage, List<long[]> listed) {
        this.store = store;
        this.usage = usage;
        this.chunkIds = listed.stream().mapToInt(page -> (int) page[0]).toArray();
        this.tocEntries = listed.stream().mapToLong(page -> page[1]).toArray();
        this.meta = store.getMetaMap();
        this.layout = layout(store.getFileStore());
    }

    /**
     * Lists the live pages of the chunks less than {@code targetFill}% live, the most worth moving first (low fill,
     * old), whole chunks until their page lengths reach {@code byteLimit} (at least one chunk, however large).
     */
    public static ChunkEvacuation of(MVStore store, int targetFill, long byteLimit) {
        FileStore<?> fileStore = store.getFileStore();
        MVStore.TxCounter usage = store.registerVersionUsage();
        try {
            return new ChunkEvacuation(store, usage, livePages(fileStore, sparseChunks(fileStore, store, targetFill), byteLimit));
        } catch (RuntimeException e) {
            store.deregisterVersionUsage(usage);
            throw e;
        }
    }

    private static List<Chunk<?>> sparseChunks(FileStore<?> fileStore, MVStore store, int targetFill) {
        long latest = store.getCurrentVersion();
        Map<Chunk<?>, Long> priorities = new HashMap<>();
        for (Chunk<?> chunk : fileStore.chunks.values()) {
            // The last chunks are left alone: rewriting what the next commit rewrites anyway is an endless loop.
            if (chunk.isRewritable() && chunk.version < latest - 1 && chunk.getFillRate() < targetFill) {
                priorities.put(chunk, chunk.getFillRate() * 1000L / Math.max(1, latest - chunk.version));
            }
        }
        List<Chunk<?>> sparse = new ArrayList<>(priorities.keySet());
        sparse.sort(Comparator.<Chunk<?>>comparingLong(priorities::get).thenComparingLong(c -> c.maxLenLive));
        return sparse;
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static List<long[]> livePages(FileStore<?> fileStore, List<Chunk<?>> chunks, long byteLimit) {
        List<long[]> listed = new ArrayList<>();
        long bytes = 0;
        for (Chunk chunk : chunks) {
            if (bytes >= byteLimit) {
                break;
            }
            if (chunk.tocPos == 0) {
                continue;
            }
            long[] toc = chunk.readToC((FileStore) fileStore);
            // The occupancy bits change as commits account for removed pages: read, never cloned (BitSet.clone trims
            // the original); a stale bit costs one rewrite that finds the page replaced, or leaves a page for later.
            BitSet removed = chunk.occupancy == null ? new BitSet() : BitSet.valueOf(chunk.occupancy.toLongArray());
            List<long[]> inner = new ArrayList<>();
            for (int pageNo = 0; (pageNo = removed.nextClearBit(pageNo)) < toc.length; pageNo++) {
                bytes += DataUtils.getPageMaxLength(toc[pageNo]);
                // Leaves first: rewriting a leaf rewrites its parents, whose old copies are then no longer live.
                (DataUtils.isLeafPosition(toc[pageNo]) ? listed : inner).add(new long[] { chunk.id, toc[pageNo] });
            }
            listed.addAll(inner);
        }
        return listed;
    }

    /** Live pages listed. */
    public int pageCount() {
        return tocEntries.length;
    }

    public boolean hasNext() {
        return next < tocEntries.length;
    }

    /**
     * Rewrites the next pages, as many as fit in {@code maxBytes} of page lengths (at least one).
     *
     * @return the page lengths covered, in bytes
     */
    public long rewriteBatch(long maxBytes) throws InterruptedException {
        long bytes = 0;
        while (next < tocEntries.length) {
            long toc = tocEntries[next];
            int length = DataUtils.getPageMaxLength(toc);
            if (bytes > 0 && bytes + length > maxBytes) {
                break;
            }
            bytes += length;
            rewrite(DataUtils.getPageMapId(toc), DataUtils.composePagePos(chunkIds[next], toc));
            next++;
        }
        return bytes;
    }

    /** Pages of the store's own maps rewritten under the store lock, one per hold. */
    public long storeLockedPages() {
        return storeLockedPages;
    }

    private void rewrite(int mapId, long pos) throws InterruptedException {
        if (mapId == meta.getId() || mapId == layout.getId()) {
            storeLockedPages++;
            store.tryExecuteUnderStoreLock(() -> {
                MVMap<?, ?> map = mapId == meta.getId() ? meta : layout;
                if (!map.isClosed() && map.rewritePage(pos) && map == meta) {
                    store.markMetaChanged();
                }
                return null;
            });
            return;
        }
        MVMap<?, ?> map = store.getMap(mapId);
        if (map != null && !map.isClosed()) {
            map.rewritePage(pos);
        }
    }

    /** The chunk table's own map: private in FileStore (getLayoutMap returns a copy). */
    private static MVMap<?, ?> layout(FileStore<?> fileStore) {
        try {
            Field field = FileStore.class.getDeclaredField("layout");
            field.setAccessible(true);
            return (MVMap<?, ?>) field.get(fileStore);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MVStore's layout map not found (H2 version?)", e);
        }
    }

    @Override
    public void close() {
        store.deregisterVersionUsage(usage);
    }
}
