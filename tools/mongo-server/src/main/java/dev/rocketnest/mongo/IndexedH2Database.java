package dev.rocketnest.mongo;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Access;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An H2 database whose secondary and (non-_id) unique indexes are {@link SortedIndex}es stored in the same
 * MVStore as the documents. An existing file's old unique-index maps are dropped and rebuilt as sorted ones.
 */
final class IndexedH2Database extends H2Database {

    /** H2Database opens its collections in its constructor, before this class's fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    static IndexedH2Database open(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        OPENING.set(store);
        try {
            return new IndexedH2Database(databaseName, store, cursorRegistry);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store;
    private Boolean compact;

    private IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    /** Documents and index keys stored as BSON ({@link CompactEncoding}), unless the file predates it. */
    private boolean compact() {
        if (compact == null) {
            compact = CompactEncoding.enabled(store());
        }
        return compact;
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = compact()
            ? CompactEncoding.open(store(), "databases." + fullName, null, CompactEncoding.DocumentType.INSTANCE)
            : store().openMap("databases." + fullName);
        MVMap<String, Object> metaMap = compact()
            ? CompactEncoding.open(store(), "meta." + fullName, null, null)
            : store().openMap("meta." + fullName);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        if (keys.size() == 1 && keys.get(0).getKey().equals("_id")) {
            if (!compact()) {
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }
            MVMap<KeyValue, Object> map = CompactEncoding.open(store(), getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                CompactEncoding.KeyValueType.INSTANCE, null);
            return H2Access.uniqueIndex(map, indexName, keys, sparse);
        }
        String oldMap = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        if (store().hasMap(oldMap)) {
            store().removeMap(oldMap);
        }
        return sorted(collectionName, indexName, keys, sparse, true);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return sorted(collectionName, indexName, keys, sparse, false);
    }

    private Index<Object> sorted(String collectionName, String indexName, List<IndexKey> keys, boolean sparse, boolean unique) {
        String mapName = getFullCollectionNamespace(collectionName) + "._sorted_" + indexName;
        boolean inFile = store().hasMap(mapName);
        return new SortedIndex<>(indexName, keys, sparse, unique, new MvMapEntries<>(store(), mapName, compact()), inFile);
    }
}
