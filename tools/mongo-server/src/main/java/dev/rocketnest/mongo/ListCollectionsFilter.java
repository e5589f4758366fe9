package dev.rocketnest.mongo;

import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server answers {@code listCollections} with every collection of the database, whatever its
 * {@code filter}: a client asking whether one collection exists ({@code {name: …}}) was told it did as soon as any
 * other did. This applies the filter to the collections' descriptions (their {@code name}, {@code type},
 * {@code options}, {@code info}), as MongoDB does, and {@code nameOnly} keeps only the name and type.
 */
final class ListCollectionsFilter {

    private ListCollectionsFilter() {
    }

    static Document around(String command, Document query, Supplier<Document> execute) {
        Document result = execute.get();
        if (!command.equalsIgnoreCase("listCollections") || !(result.get("cursor") instanceof Document cursor)
            || !(cursor.get("firstBatch") instanceof List<?> batch)) {
            return result;
        }
        Document filter = query.get("filter") instanceof Document given ? given : new Document();
        boolean nameOnly = Boolean.TRUE.equals(query.get("nameOnly"));
        DefaultQueryMatcher matcher = new DefaultQueryMatcher();
        List<Document> kept = batch.stream()
            .map(Document.class::cast)
            .filter(collection -> matcher.matches(collection, filter))
            .map(collection -> nameOnly ? nameAndType(collection) : collection)
            .toList();
        cursor.put("firstBatch", kept);
        return result;
    }

    private static Document nameAndType(Document collection) {
        return new Document("name", collection.get("name")).append("type", collection.get("type"));
    }
}
