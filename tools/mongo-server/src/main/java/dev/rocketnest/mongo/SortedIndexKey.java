package dev.rocketnest.mongo;

import java.io.Serializable;
import java.util.List;

import de.bwaldvogel.mongo.backend.ValueComparator;

/**
 * One entry of a {@link SortedIndex}: the document's index values followed by its {@code _id} (which makes
 * entries of equal values distinct), ordered as MongoDB orders values. A bound holds only a prefix of the values
 * and sorts before ({@code LOW}) or after ({@code HIGH}) every entry that shares that prefix, so a range scan can
 * start and stop at a prefix.
 */
final class SortedIndexKey implements Serializable, Comparable<SortedIndexKey> {

    private static final long serialVersionUID = 1L;
    static final int LOW = -1;
    static final int HIGH = 1;
    private static final int ENTRY = 0;

    final List<Object> values;
    final Object id;
    private final int bound;
    /**
     * The entry as the file holds it (tag, length, BSON; {@link CompactEncoding}): kept from its first write or from
     * the page it was read from. A commit rewrites every page it touched whole, so an index leaf's ~80 unchanged keys
     * were encoded again at each commit: most of the serialisation thread's CPU and of the database's garbage.
     */
    transient volatile byte[] stored;

    private SortedIndexKey(List<Object> values, Object id, int bound) {
        this.values = values;
        this.id = id;
        this.bound = bound;
    }

    static SortedIndexKey entry(List<Object> values, Object id) {
        return new SortedIndexKey(values, id, ENTRY);
    }

    static SortedIndexKey bound(List<Object> prefix, int side) {
        return new SortedIndexKey(prefix, null, side);
    }

    private int length() {
        return bound == ENTRY ? values.size() + 1 : values.size();
    }

    private Object at(int i) {
        return i < values.size() ? values.get(i) : id;
    }

    @Override
    public int compareTo(SortedIndexKey other) {
        ValueComparator comparator = ValueComparator.ascWithoutListHandling();
        int common = Math.min(length(), other.length());
        for (int i = 0; i < common; i++) {
            int c = comparator.compare(at(i), other.at(i));
            if (c != 0) {
                return c;
            }
        }
        if (length() == other.length()) {
            return Integer.compare(bound, other.bound);
        }
        // Only a bound can be the shorter one: an entry always carries every value and the id.
        return length() < other.length() ? bound : -other.bound;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SortedIndexKey other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return values.size();
    }

    @Override
    public String toString() {
        return values + (bound == ENTRY ? " _id=" + id : bound == LOW ? " (low)" : " (high)");
    }
}
