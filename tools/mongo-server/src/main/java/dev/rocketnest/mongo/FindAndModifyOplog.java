package dev.rocketnest.mongo;

import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * mongo-java-server 1.47 writes no oplog entry for {@code findAndModify}, so change streams miss every
 * {@code findOneAndUpdate} / {@code findOneAndDelete} / upsert made that way, which MongoDB does report. This
 * finds the target document before the command and records the update, delete or insert after it succeeds.
 * Sound only because the launcher runs the server on a single worker thread: nothing runs in between.
 */
final class FindAndModifyOplog {

    private FindAndModifyOplog() {
    }

    static Document around(MongoBackend backend, Oplog oplog, String databaseName, String command, Document query,
                           Supplier<Document> execute) {
        if (!command.equalsIgnoreCase("findAndModify")) {
            return execute.get();
        }
        String collectionName = query.get(command).toString();
        String namespace = databaseName + "." + collectionName;
        Document selector = query.get("query") instanceof Document q ? q : new Document();

        Object targetId = firstMatchingId(backend, databaseName, collectionName, selector, query.get("sort"));
        Document result = execute.get();

        if (targetId != null) {
            if (isTrue(query.get("remove"))) {
                oplog.handleDelete(namespace, selector, List.of(targetId));
            } else {
                Document update = query.get("update") instanceof Document u ? u : new Document();
                oplog.handleUpdate(namespace, selector, update, List.of(targetId));
            }
        } else if (isTrue(query.get("upsert"))) {
            MongoCollection<?> collection = backend.resolveDatabase(databaseName).resolveCollection(collectionName, false);
            if (collection != null) {
                for (Document inserted : collection.handleQuery(new Document("query", selector), 0, 1)) {
                    oplog.handleInsert(namespace, List.of(inserted));
                }
            }
        }
        return result;
    }

    private static Object firstMatchingId(MongoBackend backend, String databaseName, String collectionName,
                                          Document selector, Object sort) {
        MongoCollection<?> collection = backend.resolveDatabase(databaseName).resolveCollection(collectionName, false);
        if (collection == null) {
            return null;
        }
        Document queryObject = new Document("query", selector);
        if (sort != null) {
            queryObject.put("orderby", sort);
        }
        for (Document document : collection.handleQuery(queryObject, 0, 1)) {
            return document.get("_id");
        }
        return null;
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
