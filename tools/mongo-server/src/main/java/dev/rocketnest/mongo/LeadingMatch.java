package dev.rocketnest.mongo;

import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server runs an aggregation over every document of the collection ({@code queryAll}), even when the
 * pipeline starts with a {@code $match} (as {@code countDocuments} does). While such an aggregate runs, this hands
 * that {@code $match} to the collection's first unfiltered query so the planner can use an index; the
 * {@code $match} stage still filters the result, so the answer is unchanged.
 */
final class LeadingMatch {

    private record Pending(String namespace, Document match) {
    }

    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private LeadingMatch() {
    }

    static Document around(String databaseName, String command, Document query, Supplier<Document> execute) {
        if (!command.equals("aggregate") || !(query.get("pipeline") instanceof List<?> pipeline) || pipeline.isEmpty()
            || !(pipeline.get(0) instanceof Document first) || !(first.get("$match") instanceof Document match)) {
            return execute.get();
        }
        PENDING.set(new Pending(databaseName + "." + query.get(command), match));
        try {
            return execute.get();
        } finally {
            PENDING.remove();
        }
    }

    /** The query to plan: the pending $match for an unfiltered query of its collection (used once). */
    static Document effective(String namespace, Document query) {
        Pending pending = PENDING.get();
        if (pending == null || !query.isEmpty() || !pending.namespace().equals(namespace)) {
            return query;
        }
        PENDING.remove();
        return pending.match();
    }
}
