package dev.rocketnest.mongo;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The oplog's entries by timestamp ({@link de.bwaldvogel.mongo.bson.BsonTimestamp#getValue()}): appended at the
 * end, read from a position on, trimmed from the start.
 */
interface OplogEntries {

    void put(long timestamp, Document entry);

    /** The entries from {@code timestamp} (inclusive) on, oldest first. */
    Iterator<Map.Entry<Long, Document>> from(long timestamp);

    /** The oldest timestamp kept, or null. */
    Long first();

    /** The newest timestamp kept, or null. */
    Long last();

    long size();

    /** Removes the oldest entry. */
    void removeFirst();

    /** The timestamp of the n-th newest entry (or the oldest, when there are fewer), or null. */
    Long nthNewest(int n);

    /**
     * In the file: one MVStore map keyed by the timestamp (8 bytes), the entry as BSON — written in the same
     * commit as the documents it describes, so both survive a crash alike. Appends touch only the map's last leaf.
     */
    static OplogEntries inFile(MVStore store, String name) {
        MVMap<Long, Document> map = CompactEncoding.open(store, name, LongDataType.INSTANCE, CompactEncoding.DocumentType.INSTANCE);
        return new OplogEntries() {
            @Override
            public void put(long timestamp, Document entry) {
                map.put(timestamp, entry);
            }

            @Override
            public Iterator<Map.Entry<Long, Document>> from(long timestamp) {
                Cursor<Long, Document> cursor = map.cursor(timestamp);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return cursor.hasNext();
                    }

                    @Override
                    public Map.Entry<Long, Document> next() {
                        Long key = cursor.next();
                        return Map.entry(key, cursor.getValue());
                    }
                };
            }

            @Override
            public Long first() {
                return map.firstKey();
            }

            @Override
            public Long last() {
                return map.lastKey();
            }

            @Override
            public long size() {
                return map.sizeAsLong();
            }

            @Override
            public Long nthNewest(int n) {
                long size = map.sizeAsLong();
                return size == 0 ? null : map.getKey(Math.max(0, size - n));
            }

            @Override
            public void removeFirst() {
                Long first = map.firstKey();
                if (first != null) {
                    map.remove(first);
                }
            }
        };
    }

    /** In memory (the tests' server). */
    static OplogEntries inMemory() {
        ConcurrentNavigableMap<Long, Document> map = new ConcurrentSkipListMap<>();
        return new OplogEntries() {
            @Override
            public void put(long timestamp, Document entry) {
                map.put(timestamp, entry);
            }

            @Override
            public Iterator<Map.Entry<Long, Document>> from(long timestamp) {
                return map.tailMap(timestamp, true).entrySet().iterator();
            }

            @Override
            public Long first() {
                return map.isEmpty() ? null : map.firstKey();
            }

            @Override
            public Long last() {
                return map.isEmpty() ? null : map.lastKey();
            }

            @Override
            public long size() {
                return map.size();
            }

            @Override
            public Long nthNewest(int n) {
                return map.descendingKeySet().stream().limit(n).reduce((a, b) -> b).orElse(null);
            }

            @Override
            public void removeFirst() {
                map.pollFirstEntry();
            }
        };
    }
}
