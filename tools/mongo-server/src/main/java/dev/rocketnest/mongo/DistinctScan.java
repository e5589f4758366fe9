package dev.rocketnest.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

import de.bwaldvogel.mongo.backend.BackendAccess;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * {@code distinct} on an indexed field answered from the index, as MongoDB's DISTINCT_SCAN does: mongo-java-server
 * reads every document the filter selects (every document of the collection without a filter, which is how
 * presence's periodic {@code distinct('connections.instanceId')} sweep was a collection scan).
 *
 * <p>Served when a {@link SortedIndex} has the field as its key number {@code i} and the filter names exactly the
 * keys before it: equality or {@code $in} of plain values on each, the last one optionally a one-sided range
 * ({@code $gt}/{@code $gte} or {@code $lt}/{@code $lte}: a two-sided range on an array field matches documents with
 * no single element inside it, which an index walk would miss). The walk skips: it reads the first entry of each
 * group of equal values up to key {@code i}, then seeks past the group, so it costs one step per distinct value,
 * not one per document. Each value comes from one document of its group (fetched, checked against the filter, and
 * read as the server reads it), so the values keep their stored types and the answer is the server's own; a group
 * whose first document gives no such value (a missing field indexed as null) is read on until one does. Anything
 * else returns null, and the server answers as before (through the planner when the filter is indexed).
 */
final class DistinctScan {

    private static final int MAX_PREFIXES = 1_000;
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Boolean.class, Integer.class, Long.class,
        Double.class, java.util.Date.class, java.time.Instant.class, de.bwaldvogel.mongo.bson.ObjectId.class,
        java.util.UUID.class);

    private DistinctScan() {
    }

    /** @return the server's {@code distinct} response, or null when no index serves it */
    static <P> Document answer(String namespace, List<Index<P>> indexes, Document command, Function<P, Document> fetch,
                               BiPredicate<Document, Document> matches) {
        if (!(command.get("key") instanceof String key)) {
            return null;
        }
        Object filterValue = command.get("query");
        Document filter = filterValue == null ? new Document() : filterValue instanceof Document d ? d : null;
        if (filter == null) {
            return null;
        }
        Map<String, QueryCondition> conditions = conditions(filter);
        if (conditions == null) {
            return null;
        }
        SortedIndex<P> best = null;
        int bestPosition = -1;
        for (Index<P> index : indexes) {
            if (!(index instanceof SortedIndex<P> sorted)) {
                continue;
            }
            List<IndexKey> keys = sorted.getKeys();
            int position = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).getKey().equals(key)) {
                    position = i;
                }
            }
            // The filter must name exactly the keys before the field: equalities, the last one possibly a range.
            if (position < 0 || !coversFilter(keys, position, conditions)) {
                continue;
            }
            if (best == null || position < bestPosition) {
                best = sorted;
                bestPosition = position;
            }
        }
        if (best == null) {
            return null;
        }
        List<SortedIndexKey[]> bounds = bounds(best.getKeys(), conditions);
        if (bounds == null) {
            return null;
        }
        QueryStats.indexed(namespace, best.getName() + " (distinct)");
        Set<Object> values = new TreeSet<>(ValueComparator.ascWithoutListHandling());
        for (SortedIndexKey[] bound : bounds) {
            walk(best, bestPosition, bound[0], bound[1], key, filter, fetch, matches, values);
        }
        Document response = new Document("values", new ArrayList<>(values));
        Utils.markOkay(response);
        return response;
    }

    private static <P> void walk(SortedIndex<P> index, int position, SortedIndexKey low, SortedIndexKey high, String key,
                                 Document filter, Function<P, Document> fetch, BiPredicate<Document, Document> matches,
                                 Set<Object> into) {
        ValueComparator comparator = ValueComparator.ascWithoutListHandling();
        SortedIndexKey from = low;
        while (true) {
            Iterator<Map.Entry<SortedIndexKey, P>> entries = index.range(from, high, false);
            if (!entries.hasNext()) {
                return;
            }
            Map.Entry<SortedIndexKey, P> entry = entries.next();
            List<Object> group = new ArrayList<>(entry.getKey().values.subList(0, position + 1));
            Object indexed = group.get(position);
            Set<P> seen = new HashSet<>();
            while (true) {
                if (seen.add(entry.getValue()) && addFrom(fetch.apply(entry.getValue()), key, indexed, filter, matches, into, comparator)) {
                    break;
                }
                if (!entries.hasNext()) {
                    break;
                }
                entry = entries.next();
                if (!startsWith(entry.getKey().values, group, comparator)) {
                    break;
                }
            }
            from = SortedIndexKey.bound(group, SortedIndexKey.HIGH);
        }
    }

    /** Adds the document's values of the field as the server reads them, if it matches and holds the indexed one. */
    private static boolean addFrom(Document document, String key, Object indexed, Document filter,
                                   BiPredicate<Document, Document> matches, Set<Object> into, ValueComparator comparator) {
        QueryStats.examined(1);
        if (document == null || !matches.test(document, filter)) {
            return false;
        }
        Object value = Utils.getSubdocumentValueCollectionAware(document, key);
        if (value instanceof Missing) {
            return false;
        }
        Collection<?> found = value instanceof Collection<?> list ? list : Collections.singletonList(value);
        for (Object each : found) {
            Object normalized = each == null || each instanceof Missing ? null : BackendAccess.normalizeValue(each);
            if (comparator.compare(normalized, indexed) == 0) {
                into.addAll(found);
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(List<Object> values, List<Object> prefix, ValueComparator comparator) {
        for (int i = 0; i < prefix.size(); i++) {
            if (comparator.compare(values.get(i), prefix.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The filter's conditions, or null when one is not a plain equality, {@code $in} or one-sided range. */
    private static Map<String, QueryCondition> conditions(Document filter) {
        Map<String, QueryCondition> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : filter.entrySet()) {
            if (e.getKey().startsWith("$")) {
                return null;
            }
            QueryCondition condition = QueryCondition.of(e.getValue());
            if (condition == null) {
                return null;
            }
            if (condition.isRange()) {
                if ((condition.lower == null) == (condition.upper == null) || !plain(condition.lower == null ? condition.upper : condition.lower)
                    || ((Document) e.getValue()).size() != 1) {
                    return null;
                }
            } else if (!condition.values.stream().allMatch(DistinctScan::plain)) {
                return null;
            }
            result.put(e.getKey(), condition);
        }
        return result;
    }

    private static boolean plain(Object value) {
        return value != null && PLAIN.contains(value.getClass());
    }

    private static boolean coversFilter(List<IndexKey> keys, int position, Map<String, QueryCondition> conditions) {
        if (conditions.size() > position) {
            return false;
        }
        for (int i = 0; i < conditions.size(); i++) {
            QueryCondition condition = conditions.get(keys.get(i).getKey());
            if (condition == null || (condition.isRange() && i != conditions.size() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** One pair of bounds per combination of the equalities' values (the last key possibly a range). */
    private static List<SortedIndexKey[]> bounds(List<IndexKey> keys, Map<String, QueryCondition> conditions) {
        List<List<Object>> prefixes = new ArrayList<>();
        prefixes.add(List.of());
        QueryCondition range = null;
        for (int i = 0; i < conditions.size(); i++) {
            QueryCondition condition = conditions.get(keys.get(i).getKey());
            if (condition.isRange()) {
                range = condition;
                break;
            }
            if (prefixes.size() * condition.values.size() > MAX_PREFIXES) {
                return null;
            }
            List<List<Object>> extended = new ArrayList<>();
            for (List<Object> prefix : prefixes) {
                for (Object value : new java.util.LinkedHashSet<>(condition.values)) {
                    List<Object> longer = new ArrayList<>(prefix);
                    longer.add(value);
                    extended.add(longer);
                }
            }
            prefixes = extended;
        }
        List<SortedIndexKey[]> bounds = new ArrayList<>();
        for (List<Object> prefix : prefixes) {
            SortedIndexKey low = SortedIndexKey.bound(prefix, SortedIndexKey.LOW);
            SortedIndexKey high = SortedIndexKey.bound(prefix, SortedIndexKey.HIGH);
            if (range != null && range.lower != null) {
                low = SortedIndexKey.bound(append(prefix, range.lower), range.lowerInclusive ? SortedIndexKey.LOW : SortedIndexKey.HIGH);
            }
            if (range != null && range.upper != null) {
                high = SortedIndexKey.bound(append(prefix, range.upper), range.upperInclusive ? SortedIndexKey.HIGH : SortedIndexKey.LOW);
            }
            bounds.add(new SortedIndexKey[] {low, high});
        }
        return bounds;
    }

    private static List<Object> append(List<Object> prefix, Object value) {
        List<Object> longer = new ArrayList<>(prefix);
        longer.add(value);
        return longer;
    }
}
