package dev.rocketnest.mongo;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Index entries of the in-memory backend. */
final class TreeMapEntries<P> implements SortedEntries<P> {

    private final TreeMap<SortedIndexKey, P> map = new TreeMap<>();

    @Override
    public P put(SortedIndexKey key, P position) {
        return map.put(key, position);
    }

    @Override
    public P remove(SortedIndexKey key) {
        return map.remove(key);
    }

    @Override
    public Iterator<Map.Entry<SortedIndexKey, P>> range(SortedIndexKey low, SortedIndexKey high, boolean descending) {
        NavigableMap<SortedIndexKey, P> slice = map.subMap(low, true, high, true);
        return (descending ? slice.descendingMap() : slice).entrySet().iterator();
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public void drop() {
        map.clear();
    }
}
