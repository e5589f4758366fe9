package dev.rocketnest.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

/** An in-memory collection whose queries go through the launcher's planner ({@link IndexedQuery}). */
final class IndexedMemoryCollection extends MemoryCollection {

    IndexedMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                            CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        query = LeadingMatch.effective(getFullName(), query);
        IndexedQuery<Integer> plan = PlannedQueries.plan(getFullName(), getIndexes(), query, orderBy, count());
        if (plan == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocumentsFromStream(PlannedQueries.documents(plan, this::getDocument), query,
            plan.servesSort ? null : orderBy, numberToSkip, limit, batchSize, fieldSelector);
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
