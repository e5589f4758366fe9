package dev.rocketnest.mongo;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

/** What both backends' collections do with a plan: stream the documents it names, counting them. */
final class PlannedQueries {

    private PlannedQueries() {
    }

    /** @return the candidate documents in plan order, or null when the collection must be scanned */
    static <P> IndexedQuery<P> plan(String namespace, List<Index<P>> indexes, Document query, Document orderBy, int collectionSize) {
        IndexedQuery<P> plan = IndexedQuery.plan(indexes, query, orderBy);
        if (plan == null) {
            QueryStats.scan(namespace, query, orderBy, collectionSize);
        } else {
            QueryStats.indexed(namespace, plan.indexName);
        }
        return plan;
    }

    static <P> Stream<Document> documents(IndexedQuery<P> plan, Function<P, Document> fetch) {
        Iterator<P> positions = plan.positions();
        Iterator<Document> documents = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return positions.hasNext();
            }

            @Override
            public Document next() {
                QueryStats.examined(1);
                return fetch.apply(positions.next());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
    }
}
