package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;

/**
 * {@code distinct} on an indexed field is answered from the index (MongoDB's DISTINCT_SCAN): no collection scan,
 * one document read per distinct value, and exactly the values the server's own document-by-document answer has.
 */
class DistinctScanTest {

    private static final String DB = "test";

    @TempDir
    Path dir;
    private AbstractMongoBackend backend;

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private void open(String mode) {
        backend = Backends.open(mode, dir);
        QueryStats.report(true);
    }

    private List<Object> distinct(String collection, String key, Document filter) {
        Document command = new Document("distinct", collection).append("key", key);
        if (filter != null) {
            command.append("query", filter);
        }
        return new ArrayList<>((java.util.Collection<?>) Backends.command(backend, DB, command).get("values"));
    }

    /** The server's own answer: a filter the index walk does not take ($exists) reads every matching document. */
    private List<Object> readingDocuments(String collection, String key, Document filter) {
        Document all = new Document(filter == null ? new Document() : filter).append("_id", new Document("$exists", true));
        return distinct(collection, key, all);
    }

    /** Scans of the collection and documents examined since the last call. */
    private record Stats(long scans, long distinctScans, long examined) {
    }

    @SuppressWarnings("unchecked")
    private Stats stats(String collection) {
        Document report = QueryStats.report(true);
        long scans = ((List<Document>) report.get("scans")).stream()
            .filter(s -> s.get("ns").equals(DB + "." + collection)).mapToLong(s -> ((Number) s.get("count")).longValue()).sum();
        long distinctScans = ((List<Document>) report.get("indexed")).stream()
            .filter(s -> s.get("ns").equals(DB + "." + collection) && ((String) s.get("index")).endsWith("(distinct)"))
            .mapToLong(s -> ((Number) s.get("count")).longValue()).sum();
        return new Stats(scans, distinctScans, ((Number) report.get("documentsExamined")).longValue());
    }

    private static Document session(String id, Object connections) {
        Document session = new Document("_id", id);
        if (connections != null) {
            session.append("connections", connections);
        }
        return session;
    }

    private static Document connection(String id, String instanceId) {
        Document connection = new Document("id", id);
        if (instanceId != null) {
            connection.append("instanceId", instanceId);
        }
        return connection;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void presenceSweepReadsOneSessionPerInstance(String mode) {
        open(mode);
        Backends.index(backend, DB, "usersSessions", new Document("connections.instanceId", 1), true);
        List<Document> sessions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sessions.add(session("u" + i, List.of(connection("c" + i, "instance-" + (i % 3)),
                connection("d" + i, "instance-" + (i % 3 + 1)))));
        }
        sessions.add(session("idle", List.of()));
        sessions.add(session("never", null));
        Backends.insert(backend, DB, "usersSessions", sessions);
        stats("usersSessions");

        List<Object> values = distinct("usersSessions", "connections.instanceId", null);
        Stats served = stats("usersSessions");
        assertEquals(List.of("instance-0", "instance-1", "instance-2", "instance-3"), values);
        assertEquals(0, served.scans(), "no collection scan");
        assertEquals(1, served.distinctScans());
        assertEquals(4, served.examined(), "one document per distinct value, not 302");

        assertEquals(readingDocuments("usersSessions", "connections.instanceId", null), values);
        assertEquals(1, stats("usersSessions").scans(), "the comparison read the collection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void equalityAndOneSidedRangeOnTheIndexPrefix(String mode) {
        open(mode);
        Backends.index(backend, DB, "messages", new Document("rid", 1).append("u.username", 1).append("n", 1), false);
        List<Document> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Values of several types: an int and a double equal as numbers, a string that looks like one.
            Object username = switch (i % 5) {
                case 0 -> "alice";
                case 1 -> "bob";
                case 2 -> i % 2 == 0 ? 7 : 7.0;
                case 3 -> "7";
                default -> null;
            };
            Document user = new Document();
            if (username != null || i % 10 == 4) {
                user.append("username", username);
            }
            messages.add(new Document("_id", "m" + i).append("rid", i % 4 == 3 ? (Object) 3 : "r" + (i % 4))
                .append("u", user).append("n", i));
        }
        Backends.insert(backend, DB, "messages", messages);
        stats("messages");

        for (Document filter : List.of(new Document("rid", "r1"), new Document("rid", new Document("$in", List.of("r0", "r2"))),
            new Document("rid", new Document("$gte", "r1")), new Document("rid", new Document("$lt", "r2")),
            new Document("rid", new Document("$gt", 0)), new Document())) {
            List<Object> values = distinct("messages", "u.username", filter);
            Stats served = stats("messages");
            assertEquals(0, served.scans(), () -> "no scan for " + filter);
            assertEquals(1, served.distinctScans(), () -> "served from the index: " + filter);
            assertEquals(readingDocuments("messages", "u.username", filter), values, () -> "same values for " + filter);
            stats("messages");
        }
        // A key after the distinct field's predecessors: rid and u.username equal, n distinct.
        Document both = new Document("rid", "r0").append("u.username", "alice");
        assertEquals(readingDocuments("messages", "n", both), distinct("messages", "n", both));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void arraysAndWhatTheIndexCannotAnswer(String mode) {
        open(mode);
        Backends.index(backend, DB, "rooms", new Document("tags", 1), false);
        Backends.insert(backend, DB, "rooms", List.of(
            new Document("_id", "a").append("tags", List.of("x", "y")).append("t", "c"),
            new Document("_id", "b").append("tags", List.of(-1, 9)).append("t", "p"),
            new Document("_id", "c").append("tags", "z").append("t", "c"),
            new Document("_id", "d").append("t", "d")));
        stats("rooms");
        List<Object> all = distinct("rooms", "tags", null);
        assertEquals(1, stats("rooms").distinctScans());
        assertEquals(readingDocuments("rooms", "tags", null), all);

        // A filter on the distinct field itself (every value of a matching array counts) or on another field, and
        // a two-sided range (an array can match with no element inside it): answered from the documents.
        for (Document filter : List.of(new Document("tags", "x"), new Document("t", "c"),
            new Document("tags", new Document("$gt", 0).append("$lt", 5)))) {
            List<Object> values = distinct("rooms", "tags", filter);
            assertEquals(0, stats("rooms").distinctScans(), () -> "not from the index: " + filter);
            assertEquals(readingDocuments("rooms", "tags", filter), values);
        }
    }
}
