package dev.rocketnest.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Counts what queries cost: collection scans per namespace and query shape (logged the first time each is seen),
 * queries served by an index and the documents they examined. Read with the {@code rocketnestQueryStats}
 * command ({@code reset: true} starts again), so a test can assert that the hot paths never scan.
 */
final class QueryStats {

    private static final Logger log = LoggerFactory.getLogger(QueryStats.class);
    static final String COMMAND = "rocketnestQueryStats";

    private static final Map<String, AtomicLong> scans = new TreeMap<>();
    private static final Map<String, AtomicLong> indexed = new TreeMap<>();
    /** Per command and collection: how many, and the worker thread's time in them (nanoseconds). */
    private static final Map<String, long[]> commands = new TreeMap<>();
    private static final AtomicLong examined = new AtomicLong();
    private static final AtomicLong scanned = new AtomicLong();

    private QueryStats() {
    }

    static synchronized void scan(String namespace, Document query, Document orderBy, int documents) {
        String key = namespace + " " + shape(query) + sortShape(orderBy);
        boolean bookkeeping = namespace.startsWith("local.") || namespace.contains(".system.");
        // A read of the whole collection (the settings' or permissions' cache at start) is what no index would serve.
        boolean whole = (query == null || query.isEmpty()) && (orderBy == null || orderBy.isEmpty());
        if (scans.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement() == 0 && !bookkeeping && !whole) {
            log.warn("collection scan ({} documents): {}", documents, key);
        }
        scanned.addAndGet(documents);
    }

    static synchronized void indexed(String namespace, String indexName) {
        indexed.computeIfAbsent(namespace + " " + indexName, k -> new AtomicLong()).incrementAndGet();
    }

    /** On the worker thread, after each command: counted by name and collection ({@code getMore} by its cursor's). */
    static synchronized void command(String command, Document query, long nanos) {
        Object collection = command.equals("getMore") ? query.get("collection") : query.get(command);
        String key = command + " " + (collection instanceof String name ? name : "-");
        long[] entry = commands.computeIfAbsent(key, k -> new long[2]);
        entry[0]++;
        entry[1] += nanos;
    }

    static void examined(int documents) {
        examined.addAndGet(documents);
    }

    static synchronized Document report(boolean reset) {
        Document response = new Document()
            .append("scans", entries(scans, "query"))
            .append("indexed", entries(indexed, "index"))
            .append("documentsExamined", examined.get())
            .append("documentsScanned", scanned.get())
            .append("commands", commandEntries())
            .append("ok", 1.0);
        if (reset) {
            scans.clear();
            indexed.clear();
            commands.clear();
            examined.set(0);
            scanned.set(0);
        }
        return response;
    }

    private static List<Document> commandEntries() {
        List<Document> result = new ArrayList<>();
        commands.forEach((key, entry) -> {
            int space = key.indexOf(' ');
            result.add(new Document("command", key.substring(0, space)).append("collection", key.substring(space + 1))
                .append("count", entry[0]).append("millis", entry[1] / 1e6));
        });
        return result;
    }

    private static List<Document> entries(Map<String, AtomicLong> counts, String what) {
        List<Document> result = new ArrayList<>();
        counts.forEach((key, count) -> {
            int space = key.indexOf(' ');
            result.add(new Document("ns", key.substring(0, space)).append(what, key.substring(space + 1))
                .append("count", count.get()));
        });
        return result;
    }

    /** The query without its values: {@code {rid: eq, ts: {$lt}}}. */
    static String shape(Object query) {
        if (query instanceof Document document) {
            List<String> parts = new ArrayList<>();
            boolean operators = !document.isEmpty() && document.keySet().stream().allMatch(k -> k.startsWith("$"));
            for (Map.Entry<String, Object> e : document.entrySet()) {
                boolean nested = e.getValue() instanceof Document || e.getValue() instanceof Collection;
                boolean logical = e.getKey().equals("$and") || e.getKey().equals("$or") || e.getKey().equals("$nor")
                    || e.getKey().equals("$not") || e.getKey().equals("$elemMatch");
                parts.add(operators && !logical ? e.getKey() : e.getKey() + ": " + (nested ? shape(e.getValue()) : "eq"));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (query instanceof Collection<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(item -> parts.add(shape(item)));
            return "[" + String.join(", ", parts.stream().distinct().toList()) + "]";
        }
        return "eq";
    }

    private static String sortShape(Document orderBy) {
        return orderBy == null || orderBy.isEmpty() ? "" : " sort " + orderBy.toString();
    }
}
