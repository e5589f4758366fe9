package dev.rocketnest.mongo;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;

/** An H2 collection whose queries go through the launcher's planner ({@link IndexedQuery}). */
final class IndexedH2Collection extends H2Collection {

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        query = LeadingMatch.effective(getFullName(), query);
        IndexedQuery<Object> plan = PlannedQueries.plan(getFullName(), getIndexes(), query, orderBy, count());
        if (plan == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocumentsFromStream(PlannedQueries.documents(plan, this::getDocument), query,
            plan.servesSort ? null : orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** Not kept on every write: estimated when asked ({@link DataSizeEstimate}). */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        return DataSizeEstimate.of(count(), queryAllAsStream());
    }
}
