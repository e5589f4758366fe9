package dev.rocketnest.mongo;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * An H2 collection whose queries go through the launcher's planner ({@link IndexedQuery}), and whose updates
 * never change a stored document object in place.
 *
 * <p>mongo-java-server updates a document by changing the object it read from the collection (fields removed,
 * then put), then stores that same object again. In MVStore the previous version's pages hold that object too,
 * and since a commit's pages are serialised on MVStore's own thread ({@link DurableCommits}) while the worker
 * goes on with the next commands, an update could change a document while the commit before it was being
 * written: the file could get a half-updated document next to the old version's index entries, or the
 * serialiser could fail on the concurrent change (which closes the store). So updates and findAndModify work on
 * copies of what they read (of its top level: the update replaces top-level values, it changes no nested one),
 * and the stored object is replaced, never changed.
 */
final class IndexedH2Collection extends H2Collection {

    /** Inside an update or findAndModify: queries hand out copies. */
    private boolean copying;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        query = LeadingMatch.effective(getFullName(), query);
        IndexedQuery<Object> plan = PlannedQueries.plan(getFullName(), getIndexes(), query, orderBy, count());
        QueryResult result = plan == null
            ? super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector)
            : matchDocumentsFromStream(PlannedQueries.documents(plan, this::getDocument), query,
                plan.servesSort ? null : orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (!copying) {
            return result;
        }
        // A shallow copy is enough: mongo-java-server's update computes the new document as a deep copy of the old
        // one, then removes and puts top-level fields of the object it read, never changing a nested value in place;
        // the nested values the new version keeps are shared with the stored one, which nothing changes any more.
        List<Document> copies = new ArrayList<>();
        for (Document document : result) {
            copies.add(document.clone());
        }
        return new QueryResult(copies, result.getCursorId());
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        boolean outer = copying;
        copying = true;
        try {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        } finally {
            copying = outer;
        }
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        boolean outer = copying;
        copying = true;
        try {
            return super.findAndModify(query);
        } finally {
            copying = outer;
        }
    }

    /** {@code distinct} on an indexed field from the index ({@link DistinctScan}), as MongoDB's DISTINCT_SCAN. */
    @Override
    public synchronized Document handleDistinct(Document query) {
        Document answer = DistinctScan.answer(getFullName(), getIndexes(), query, this::getDocument, this::documentMatchesQuery);
        return answer != null ? answer : super.handleDistinct(query);
    }

    /** Not kept on every write: estimated when asked ({@link DataSizeEstimate}). */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        return DataSizeEstimate.of(count(), streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument));
    }
}
