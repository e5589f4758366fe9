package dev.rocketnest.mongo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.BackendAccess;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * A B-tree index over every declared key (compound, multikey on arrays, sparse, optionally unique), kept in
 * MongoDB's value order so that {@link IndexedQuery} can serve equality, {@code $in}, ranges and sorts on a
 * prefix of its keys. mongo-java-server 1.47 ignores non-unique indexes (it scans) and its unique indexes answer
 * only exact matches on all their keys; this replaces both (the {@code _id} index stays the server's own).
 *
 * <p>Entries are keyed by values + {@code _id}, so removing a document needs no lookup of its position.
 */
final class SortedIndex<P> extends Index<P> {

    private final SortedEntries<P> entries;
    private final List<FieldPath> keyPaths;
    private final boolean unique;
    private final boolean declaredSparse;

    /** Set when the entries were opened from the file: built and kept with the documents, not to be built again. */
    private boolean openedFromFile;

    SortedIndex(String name, List<IndexKey> keys, boolean sparse, boolean unique, SortedEntries<P> entries) {
        this(name, keys, sparse, unique, entries, false);
    }

    SortedIndex(String name, List<IndexKey> keys, boolean sparse, boolean unique, SortedEntries<P> entries, boolean openedFromFile) {
        // Declared sparse to the server in every case: a document with no entry (an empty array) is then not an
        // inconsistency when the collection removes it.
        super(name, keys, true);
        this.declaredSparse = sparse;
        this.keyPaths = keys().stream().map(FieldPath::new).toList();
        this.unique = unique;
        this.entries = entries;
        this.openedFromFile = openedFromFile;
    }

    /**
     * mongo-java-server builds an index it adds from every document when the index is empty — also when it opens a
     * file, so every sparse index with no entry (no message pinned, none in a thread) read the whole collection
     * twice at each start: minutes for a million messages. An index opened from the file is complete (it is
     * committed with the documents, a creation never half-applied), so its first emptiness check says no.
     */
    @Override
    public boolean isEmpty() {
        if (openedFromFile) {
            openedFromFile = false;
            return false;
        }
        return super.isEmpty();
    }

    /** Whether documents without the keys are left out (then a query for null cannot use it). */
    boolean sparse() {
        return declaredSparse;
    }

    private List<SortedIndexKey> entryKeys(Document document) {
        List<SortedIndexKey> result = new ArrayList<>();
        // Sparse: a document missing every key is left out (null is a value, as in MongoDB).
        if (declaredSparse && keyPaths.stream().allMatch(key -> key.valueIn(document) instanceof Missing)) {
            return result;
        }
        Object id = BackendAccess.normalizeValue(document.get("_id"));
        for (KeyValue keyValue : getKeyValues(document)) {
            List<Object> values = new ArrayList<>(keyValue.size());
            keyValue.forEach(values::add);
            result.add(SortedIndexKey.entry(values, id));
        }
        return result;
    }

    /** Entries whose values start with {@code prefix}, from low to high or the reverse. */
    Iterator<Map.Entry<SortedIndexKey, P>> range(SortedIndexKey low, SortedIndexKey high, boolean descending) {
        return entries.range(low, high, descending);
    }

    @Override
    public P getPosition(Document document) {
        // Positions are found through the _id index; this one is only asked for ranges.
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        if (!unique) {
            return;
        }
        for (SortedIndexKey key : entryKeys(document)) {
            Iterator<Map.Entry<SortedIndexKey, P>> same = entries.range(
                SortedIndexKey.bound(key.values, SortedIndexKey.LOW), SortedIndexKey.bound(key.values, SortedIndexKey.HIGH), false);
            while (same.hasNext()) {
                if (!same.next().getKey().id.equals(key.id)) {
                    throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(key.values));
                }
            }
        }
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        checkAdd(document, collection);
        for (SortedIndexKey key : entryKeys(document)) {
            entries.put(key, position);
        }
    }

    @Override
    public P remove(Document document) {
        P position = null;
        for (SortedIndexKey key : entryKeys(document)) {
            P removed = entries.remove(key);
            position = removed != null ? removed : position;
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException("queries go through IndexedQuery");
    }

    @Override
    public long getCount() {
        return entries.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        if (!sameKeyValues(oldDocument, newDocument)) {
            checkAdd(newDocument, collection);
        }
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
        throws KeyConstraintError {
        if (!sameKeyValues(oldDocument, newDocument)) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }
    }

    /**
     * Whether an update left every value this index is built from as it was. An index's entries are a function of
     * those values alone, so equal values mean equal entries; this compares them as they are, where the server's
     * check derived every entry of both versions (normalised, multiplied out over arrays, collected into sets),
     * twice per index and update, whatever the update changed (most change none of an index's fields).
     */
    private boolean sameKeyValues(Document oldDocument, Document newDocument) {
        for (FieldPath key : keyPaths) {
            Object before = key.valueIn(oldDocument);
            Object after = key.valueIn(newDocument);
            // Strict equality (a number of another type, null for a missing field count as changes): never "same"
            // when the entries could differ.
            if (!Objects.equals(before, after)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isUnique() {
        return unique;
    }

    @Override
    public Document toIndexDescription() {
        Document description = super.toIndexDescription();
        if (!declaredSparse) {
            description.remove("sparse");
        }
        return description;
    }

    @Override
    public void drop() {
        entries.drop();
    }
}
