package dev.rocketnest.mongo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The oplog change streams read, kept in its own ordered map ({@link OplogEntries}) instead of mongo-java-server's
 * {@code local.oplog.rs} collection. Per write that collection stored the whole MongoDB oplog document (term, hash,
 * version, a UUID, the wall clock, and a generated {@code _id}) in three maps — its documents, its {@code _id}
 * index and its size counter — and every change-stream read decoded, filtered and sorted the whole oplog, and
 * every {@code updateLookup} scanned the whole watched collection. Here an entry is one map value keyed by its
 * timestamp ({@code {op, ns, o, o2}} as BSON), written in the same commit as the change it records; a change
 * stream reads from its position on, looks documents up by {@code _id}, and the oplog is trimmed from its start
 * (by age: a range of keys; by size: the oldest first) without a scan.
 */
final class MapOplog implements Oplog {

    private static final String TIMESTAMP = "ts";

    private final MongoBackend backend;
    private final CursorRegistry cursorRegistry;
    private final OplogEntries entries;
    /** `drop` entries also by timestamp: a resumed stream checks its collection was not dropped since. */
    private final OplogEntries commands;
    private final Clock clock;
    private final UUID ui = UUID.randomUUID();
    private long lastTimestamp;

    MapOplog(MongoBackend backend, CursorRegistry cursorRegistry, OplogEntries entries, OplogEntries commands) {
        this.backend = backend;
        this.cursorRegistry = cursorRegistry;
        this.entries = entries;
        this.commands = commands;
        this.clock = backend.getClock();
        Long last = entries.last();
        this.lastTimestamp = last == null ? 0 : last;
    }

    /** Moves the entries of an oplog collection written by an earlier launcher into this oplog, then drops it. */
    void migrateFrom(MongoDatabase local, String collectionName) {
        MongoCollection<?> old = local.resolveCollection(collectionName, false);
        if (old == null) {
            return;
        }
        old.queryAllAsStream().forEach(document -> {
            if (document.get(TIMESTAMP) instanceof BsonTimestamp timestamp) {
                long key = timestamp.getValue();
                Document entry = entry(String.valueOf(document.get("op")), String.valueOf(document.get("ns")),
                    (Document) document.get("o"), (Document) document.get("o2"));
                entries.put(key, entry);
                if ("c".equals(entry.get("op"))) {
                    commands.put(key, entry);
                }
                lastTimestamp = Math.max(lastTimestamp, key);
            }
        });
        local.dropCollection(collectionName, NoopOplog.get());
    }

    /** The next timestamp: seconds and an increment, always after every one issued before (also before a restart). */
    private long nextTimestamp() {
        long seconds = clock.instant().getEpochSecond();
        long candidate = (seconds << 32) | 1;
        lastTimestamp = Math.max(candidate, lastTimestamp + 1);
        return lastTimestamp;
    }

    private static Document entry(String op, String namespace, Document o, Document o2) {
        Document entry = new Document("op", op).append("ns", namespace).append("o", o);
        if (o2 != null) {
            entry.append("o2", o2);
        }
        return entry;
    }

    private static boolean unlogged(String namespace) {
        return namespace.startsWith("local.");
    }

    private void add(String op, String namespace, Document o, Document o2) {
        long timestamp = nextTimestamp();
        Document entry = entry(op, namespace, o, o2);
        entries.put(timestamp, entry);
        if (op.equals("c")) {
            commands.put(timestamp, entry);
        }
    }

    @Override
    public synchronized void handleInsert(String namespace, List<Document> documents) {
        if (unlogged(namespace)) {
            return;
        }
        for (Document document : documents) {
            add("i", namespace, document.cloneDeeply(), null);
        }
    }

    @Override
    public synchronized void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        if (unlogged(namespace)) {
            return;
        }
        for (Object id : modifiedIds) {
            add("u", namespace, query, new Document("_id", id));
        }
    }

    @Override
    public synchronized void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        if (unlogged(namespace)) {
            return;
        }
        for (Object id : deletedIds) {
            add("d", namespace, new Document("_id", id), null);
        }
    }

    @Override
    public synchronized void handleDropCollection(String namespace) {
        if (unlogged(namespace)) {
            return;
        }
        int dot = namespace.indexOf('.');
        add("c", namespace.substring(0, dot) + ".$cmd", new Document("drop", namespace.substring(dot + 1)), null);
    }

    @Override
    public synchronized Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        Document startAfter = (Document) changeStream.get("startAfter");
        Document resumeAfter = (Document) changeStream.get("resumeAfter");
        BsonTimestamp startAtOperationTime = (BsonTimestamp) changeStream.get("startAtOperationTime");
        long from;
        if (startAfter != null) {
            from = position(startAfter) + 1;
        } else if (resumeAfter != null) {
            long position = position(resumeAfter);
            if (droppedUpTo(namespace, position)) {
                return new InvalidateCursor(position);
            }
            from = position + 1;
        } else if (startAtOperationTime != null) {
            from = startAtOperationTime.getValue();
        } else {
            from = lastTimestamp + 1;
        }
        ChangeStreamCursor cursor = new ChangeStreamCursor(cursorRegistry.generateCursorId(), changeStream, namespace,
            aggregation, from);
        cursorRegistry.add(cursor);
        return cursor;
    }

    private static long position(Document token) {
        return Long.parseUnsignedLong((String) token.get("_data"), 16);
    }

    private static String token(long timestamp) {
        return Long.toHexString(timestamp);
    }

    /** Whether the watched collection was dropped at or before the position (its stream ended there). */
    private boolean droppedUpTo(String namespace, long position) {
        int dot = namespace.indexOf('.');
        String commandNamespace = namespace.substring(0, dot) + ".$cmd";
        Document drop = new Document("drop", namespace.substring(dot + 1));
        for (Iterator<Map.Entry<Long, Document>> it = commands.from(0); it.hasNext(); ) {
            Map.Entry<Long, Document> next = it.next();
            if (next.getKey() > position) {
                return false;
            }
            if (commandNamespace.equals(next.getValue().get("ns")) && drop.equals(next.getValue().get("o"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean watched(Document entry, String namespace) {
        String entryNamespace = (String) entry.get("ns");
        if (entryNamespace.equals(namespace)) {
            return true;
        }
        int dot = namespace.indexOf('.');
        return entryNamespace.equals(namespace.substring(0, dot) + ".$cmd");
    }

    /** What a change stream returns for an entry, as MongoDB shapes it. */
    private Document changeEvent(long timestamp, Document entry, Document changeStream) {
        String op = (String) entry.get("op");
        Document o = (Document) entry.get("o");
        BsonTimestamp clusterTime = new BsonTimestamp(timestamp);
        Document event = new Document("_id", new Document("_data", token(timestamp)));
        String namespace = (String) entry.get("ns");
        int dot = namespace.indexOf('.');
        Document ns = new Document("db", namespace.substring(0, dot)).append("coll", namespace.substring(dot + 1));
        switch (op) {
            case "i" -> event.append("operationType", "insert")
                .append("fullDocument", o)
                .append("ns", ns)
                .append("documentKey", new Document("_id", o.get("_id")));
            case "u" -> {
                Document key = (Document) entry.get("o2");
                event.append("operationType", "update")
                    .append("fullDocument", updatedDocument(namespace, key.get("_id"), o, changeStream))
                    .append("ns", ns)
                    .append("documentKey", key);
            }
            case "d" -> event.append("operationType", "delete")
                .append("fullDocument", null)
                .append("ns", ns)
                .append("documentKey", o);
            default -> {
                return event.append("operationType", o.keySet().iterator().next()).append("clusterTime", clusterTime);
            }
        }
        return event.append("clusterTime", clusterTime);
    }

    /**
     * With {@code fullDocument: updateLookup} the document as it is now, found by its {@code _id} (an index
     * lookup); otherwise, or when it is gone, the fields the update set or unset (what mongo-java-server returned).
     */
    private Document updatedDocument(String namespace, Object id, Document update, Document changeStream) {
        if ("updateLookup".equals(changeStream.get("fullDocument"))) {
            int dot = namespace.indexOf('.');
            MongoCollection<?> collection = backend.resolveDatabase(namespace.substring(0, dot))
                .resolveCollection(namespace.substring(dot + 1), false);
            if (collection != null) {
                for (Document current : collection.handleQuery(new Document("query", new Document("_id", id)), 0, 1)) {
                    return current;
                }
            }
        }
        Document delta = new Document();
        if (update.get("$set") instanceof Document set) {
            delta.appendAll(set);
        }
        if (update.get("$unset") instanceof Document unset) {
            delta.appendAll(unset);
        }
        return delta;
    }

    /**
     * Trims the oldest entries: those older than {@code maxAge}, then down to 90% of {@code maxBytes} when the
     * entries (estimated from the newest ones' BSON size) take more. Returns how many were removed.
     */
    synchronized int trim(long maxBytes, Duration maxAge) {
        long cutoff = (clock.instant().minus(maxAge).getEpochSecond()) << 32;
        int removed = 0;
        for (Long first = entries.first(); first != null && first < cutoff; first = entries.first()) {
            entries.removeFirst();
            removed++;
        }
        for (Long first = commands.first(); first != null && first < cutoff; first = commands.first()) {
            commands.removeFirst();
        }
        long count = entries.size();
        if (count > 1) {
            double average = averageBytes();
            if (count * average > maxBytes) {
                long keep = Math.max(1, (long) (maxBytes * 0.9 / average));
                for (long i = count; i > keep; i--) {
                    entries.removeFirst();
                    removed++;
                }
                Long oldest = entries.first();
                for (Long first = commands.first(); first != null && oldest != null && first < oldest; first = commands.first()) {
                    commands.removeFirst();
                }
            }
        }
        return removed;
    }

    /** The average BSON size of the newest entries (up to 64). */
    private double averageBytes() {
        Long from = entries.nthNewest(64);
        if (from == null) {
            return 0;
        }
        List<Document> sample = new ArrayList<>();
        entries.from(from).forEachRemaining(e -> sample.add(e.getValue()));
        if (sample.isEmpty()) {
            return 0;
        }
        long bytes = 0;
        for (Document document : sample) {
            bytes += CompactEncoding.bsonSize(document) + 8;
        }
        return bytes / (double) sample.size();
    }

    Document report() {
        Long first = entries.first();
        return new Document("entries", entries.size())
            .append("oldest", first == null ? null : new BsonTimestamp(first))
            .append("newest", entries.last() == null ? null : new BsonTimestamp(entries.last()));
    }

    /** A change stream's cursor: reads the entries after its position, in order; never exhausted. */
    private final class ChangeStreamCursor extends AbstractCursor {
        private final Document changeStream;
        private final String namespace;
        private final Aggregation aggregation;
        /** The next timestamp to read. */
        private long from;

        ChangeStreamCursor(long id, Document changeStream, String namespace, Aggregation aggregation, long from) {
            super(id);
            this.changeStream = changeStream;
            this.namespace = namespace;
            this.aggregation = aggregation;
            this.from = from;
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public List<Document> takeDocuments(int numberToReturn) {
            synchronized (MapOplog.this) {
                long[] lastRead = {from - 1};
                Iterator<Map.Entry<Long, Document>> tail = entries.from(from);
                Stream<Document> events = StreamSupport.stream(Spliterators.spliteratorUnknownSize(tail, Spliterator.ORDERED), false)
                    .peek(e -> lastRead[0] = e.getKey())
                    .filter(e -> watched(e.getValue(), namespace))
                    .map(e -> changeEvent(e.getKey(), e.getValue(), changeStream));
                Stream<Document> results = aggregation.runStagesAsStream(events);
                if (numberToReturn > 0) {
                    results = results.limit(numberToReturn);
                }
                List<Document> documents = results.toList();
                if (numberToReturn > 0 && documents.size() >= numberToReturn) {
                    // Cut by the batch size: go on after the last event returned.
                    from = position((Document) documents.get(documents.size() - 1).get("_id")) + 1;
                } else {
                    // Everything read so far was returned or filtered out.
                    from = lastRead[0] + 1;
                }
                return new ArrayList<>(documents);
            }
        }
    }

    /** The answer to resuming after the collection's drop: an `invalidate` event. */
    private static final class InvalidateCursor extends AbstractCursor {
        private final long position;

        InvalidateCursor(long position) {
            super(0);
            this.position = position;
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public List<Document> takeDocuments(int numberToReturn) {
            return List.of(new Document("_id", new Document("_data", token(position))).append("operationType", "invalidate"));
        }
    }
}
