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
 * records the update, delete or insert after the command succeeds, for the document its answer names (found
 * before the command only when the projection leaves `_id` out of the answer).
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

        boolean remove = isTrue(query.get("remove"));
        // The answer names the document it changed (its value keeps `_id` unless the projection drops it): no query
        // of its own before the command, which cost every findAndModify a second lookup.
        boolean answerNamesIt = !dropsId(query.get("fields"));
        Object targetId = answerNamesIt ? null : firstMatchingId(backend, databaseName, collectionName, selector, query.get("sort"));
        Document result = execute.get();
        if (answerNamesIt) {
            targetId = changedId(result, remove);
        }

        if (targetId != null) {
            if (remove) {
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

    /**
     * The `_id` of the document the command removed or updated, from its answer: a removal answers the removed
     * document, an update of an existing one says so in `lastErrorObject` (an upsert that inserted does not).
     */
    private static Object changedId(Document result, boolean remove) {
        if (!(result.get("value") instanceof Document value)) {
            return null;
        }
        if (remove) {
            return value.get("_id");
        }
        return result.get("lastErrorObject") instanceof Document lastError && isTrue(lastError.get("updatedExisting"))
            ? value.get("_id") : null;
    }

    private static boolean dropsId(Object fields) {
        return fields instanceof Document projection && projection.containsKey("_id") && !isTrue(projection.get("_id"));
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
