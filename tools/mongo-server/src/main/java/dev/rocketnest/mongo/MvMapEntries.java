package dev.rocketnest.mongo;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/** Index entries in an MVStore map: committed together with the documents, so both survive a crash alike. */
final class MvMapEntries<P> implements SortedEntries<P> {

    private final MVStore store;
    private final MVMap<SortedIndexKey, P> map;

    MvMapEntries(MVStore store, String mapName, boolean compact) {
        this.store = store;
        this.map = compact ? CompactEncoding.open(store, mapName, CompactEncoding.SortedIndexKeyType.INSTANCE, null) : store.openMap(mapName);
    }

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
        Cursor<SortedIndexKey, P> cursor = descending ? map.cursor(high, low, true) : map.cursor(low, high, false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Map.Entry<SortedIndexKey, P> next() {
                SortedIndexKey key = cursor.next();
                return new AbstractMap.SimpleImmutableEntry<>(key, cursor.getValue());
            }
        };
    }

    @Override
    public long size() {
        return map.sizeAsLong();
    }

    @Override
    public void drop() {
        store.removeMap(map);
    }
}
