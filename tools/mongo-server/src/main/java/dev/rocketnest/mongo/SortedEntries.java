package dev.rocketnest.mongo;

import java.util.Iterator;
import java.util.Map;

/** The ordered storage behind a {@link SortedIndex}: an MVStore map on file, a tree map in memory. */
interface SortedEntries<P> {

    /** @return the position stored before, or null */
    P put(SortedIndexKey key, P position);

    /** @return the position that was stored, or null */
    P remove(SortedIndexKey key);

    /** Entries from {@code low} to {@code high} (inclusive), descending if asked. */
    Iterator<Map.Entry<SortedIndexKey, P>> range(SortedIndexKey low, SortedIndexKey high, boolean descending);

    long size();

    void drop();
}
