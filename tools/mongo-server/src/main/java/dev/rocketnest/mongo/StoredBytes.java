package dev.rocketnest.mongo;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes a stored value was last read from or written as, by the value's identity, for as long as the value
 * lives. A commit rewrites every page it touched whole, and a page's unchanged values are the same objects as in
 * the page before; without this each of them was encoded again (a subscription's leaf holds ~4 documents, and an
 * update rewrites the 3 it did not change). Stored values are never changed in place ({@link IndexedH2Collection}),
 * so the bytes stay true. Keyed by identity, not equality: two equal documents may differ in their fields' order.
 */
final class StoredBytes {

    /** A key of the map: the value it stands for, compared by identity. */
    private interface Identity {
        Object value();
    }

    private static boolean same(Identity a, Object other) {
        return other instanceof Identity b && a.value() != null && a.value() == b.value();
    }

    private static final class Held extends WeakReference<Object> implements Identity {
        private final int hash;

        Held(Object value, ReferenceQueue<Object> queue) {
            super(value, queue);
            hash = System.identityHashCode(value);
        }

        @Override
        public Object value() {
            return get();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other == this || same(this, other);
        }
    }

    private record Probe(Object value) implements Identity {
        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }

        @Override
        public boolean equals(Object other) {
            return same(this, other);
        }
    }

    private final ConcurrentHashMap<Identity, byte[]> bytes = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    byte[] get(Object value) {
        return bytes.get(new Probe(value));
    }

    void put(Object value, byte[] stored) {
        forgetCollected();
        bytes.put(new Held(value, collected), stored);
    }

    int size() {
        forgetCollected();
        return bytes.size();
    }

    private void forgetCollected() {
        for (Reference<?> gone = collected.poll(); gone != null; gone = collected.poll()) {
            bytes.remove(gone);
        }
    }
}
