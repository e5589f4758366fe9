package dev.rocketnest.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The launcher's query planner: picks the index that narrows a query most (equality and {@code $in} on a prefix
 * of its keys, then at most one range) and says whether the index order already is the requested sort, so that a
 * {@code find().sort().limit()} reads only what it returns; a query narrowed only by an {@code $or} reads the union of
 * its branches' plans when an index serves each. Every document it yields is still matched against the whole query by
 * the server, so an index only has to return a superset.
 */
final class IndexedQuery<P> {

    private static final int MAX_PREFIXES = 1_000;

    final String indexName;
    /** True when the positions come in the requested order (or none was requested): no sort needed, can stop early. */
    final boolean servesSort;
    private final Iterable<P> positions;

    private IndexedQuery(String indexName, boolean servesSort, Iterable<P> positions) {
        this.indexName = indexName;
        this.servesSort = servesSort;
        this.positions = positions;
    }

    /** Positions in index order, each once (a multikey index holds a document once per array element). */
    Iterator<P> positions() {
        Iterator<P> all = positions.iterator();
        Set<P> seen = new HashSet<>();
        return new Iterator<>() {
            private P next;

            @Override
            public boolean hasNext() {
                while (next == null && all.hasNext()) {
                    P candidate = all.next();
                    if (seen.add(candidate)) {
                        next = candidate;
                    }
                }
                return next != null;
            }

            @Override
            public P next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                P result = next;
                next = null;
                return result;
            }
        };
    }

    /** @return the best plan, or null when no index narrows the query (a collection scan) */
    static <P> IndexedQuery<P> plan(List<Index<P>> indexes, Document query, Document orderBy) {
        Map<String, QueryCondition> conditions = conditions(query);
        List<String> sortKeys = new ArrayList<>();
        List<Integer> sortDirections = new ArrayList<>();
        if (orderBy != null) {
            for (Map.Entry<String, Object> e : orderBy.entrySet()) {
                if (e.getKey().equals("$natural")) {
                    continue;
                }
                sortKeys.add(e.getKey());
                sortDirections.add(((Number) e.getValue()).doubleValue() < 0 ? -1 : 1);
            }
        }

        IndexedQuery<P> best = null;
        int bestScore = 0;
        long bestEntries = 0;
        for (Index<P> index : indexes) {
            IndexedQuery<P> candidate;
            int score;
            if (index instanceof SortedIndex<P> sorted) {
                Candidate<P> c = Candidate.of(sorted, conditions, sortKeys, sortDirections);
                if (c == null) {
                    continue;
                }
                candidate = c.query;
                score = c.score;
            } else if (index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals("_id")
                && conditions.containsKey("_id") && !conditions.get("_id").isRange()) {
                // The _id index takes a value or an $in: the condition as parsed for every index, wherever the query
                // says it (`{_id: {$eq: v}}` as GridFS asks for a file, an _id inside an $and).
                List<Object> ids = conditions.get("_id").values;
                Document idQuery = new Document("_id", ids.size() == 1 ? ids.get(0) : new Document("$in", ids));
                if (!index.canHandle(idQuery)) {
                    continue;
                }
                candidate = new IndexedQuery<>(index.getName(), sortKeys.isEmpty(), index.getPositions(idQuery));
                score = 1_000;
            } else {
                continue;
            }
            // Between equal plans, the smaller index: a sparse one over the few documents with its field (a call's
            // rooms) rather than one over every document (every room by type).
            long entries = index.getCount();
            if (best == null || score > bestScore || (score == bestScore && entries < bestEntries)) {
                best = candidate;
                bestScore = score;
                bestEntries = entries;
            }
        }
        return best != null ? best : union(indexes, query, sortKeys.isEmpty());
    }

    /**
     * A query no field condition narrows, but with an {@code $or} (top level, or in a top-level {@code $and}) each of
     * whose branches an index serves: the union of the branches' plans, each document once (MongoDB's OR stage). In
     * no particular order: the server sorts what it yields.
     */
    private static <P> IndexedQuery<P> union(List<Index<P>> indexes, Document query, boolean unsorted) {
        for (Object or : ors(query)) {
            List<IndexedQuery<P>> parts = or instanceof Collection<?> branches ? branchPlans(indexes, branches) : null;
            if (parts == null) {
                continue;
            }
            String name = "$or(" + String.join(", ", parts.stream().map(part -> part.indexName).toList()) + ")";
            return new IndexedQuery<>(name, unsorted, () -> parts.stream()
                .flatMap(part -> StreamSupport.stream(part.positions.spliterator(), false))
                .iterator());
        }
        return null;
    }

    /** Each branch's plan, or null when some branch has none (or there are no branches). */
    private static <P> List<IndexedQuery<P>> branchPlans(List<Index<P>> indexes, Collection<?> branches) {
        List<IndexedQuery<P>> parts = new ArrayList<>();
        for (Object branch : branches) {
            IndexedQuery<P> part = branch instanceof Document d ? plan(indexes, d, null) : null;
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return parts.isEmpty() ? null : parts;
    }

    /** The {@code $or} lists of a query: at its top level and in its top-level {@code $and}. */
    private static List<Object> ors(Document query) {
        List<Object> result = new ArrayList<>();
        if (query.containsKey("$or")) {
            result.add(query.get("$or"));
        }
        if (query.get("$and") instanceof Collection<?> parts) {
            for (Object part : parts) {
                if (part instanceof Document d && d.containsKey("$or")) {
                    result.add(d.get("$or"));
                }
            }
        }
        return result;
    }

    /**
     * Top-level field conditions, including those inside a top-level {@code $and}, and the fields an
     * {@code $elemMatch} asks of an array's elements as their dotted paths (an element with {@code visitor.id: v}
     * puts v in the multikey index on {@code channels.visitor.id}).
     */
    private static Map<String, QueryCondition> conditions(Document query) {
        Map<String, QueryCondition> result = new LinkedHashMap<>();
        collect(query, "", result);
        return result;
    }

    private static void collect(Document query, String prefix, Map<String, QueryCondition> into) {
        for (Map.Entry<String, Object> e : query.entrySet()) {
            if (e.getKey().equals("$and") && e.getValue() instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document d) {
                        collect(d, prefix, into);
                    }
                }
            } else if (!e.getKey().startsWith("$")) {
                String path = prefix + e.getKey();
                Document elementFields = elementFields(e.getValue());
                if (elementFields != null) {
                    collect(elementFields, path + ".", into);
                } else if (!into.containsKey(path)) {
                    QueryCondition condition = QueryCondition.of(e.getValue());
                    if (condition != null) {
                        into.put(path, condition);
                    }
                }
            }
        }
    }

    /** The fields of {@code {$elemMatch: {field: …}}}; null for anything else (an element compared itself: {@code $gt}…). */
    private static Document elementFields(Object value) {
        if (value instanceof Document operators && operators.size() == 1 && operators.get("$elemMatch") instanceof Document fields
            && fields.keySet().stream().noneMatch(key -> key.startsWith("$"))) {
            return fields;
        }
        return null;
    }

    /** One index's plan for a query, scored by how many of its keys narrow the query. */
    private record Candidate<P>(IndexedQuery<P> query, int score) {

        static <P> Candidate<P> of(SortedIndex<P> index, Map<String, QueryCondition> conditions,
                                   List<String> sortKeys, List<Integer> sortDirections) {
            List<IndexKey> keys = index.getKeys();
            List<List<Object>> prefixes = new ArrayList<>();
            prefixes.add(List.of());
            int used = 0;
            while (used < keys.size()) {
                QueryCondition condition = conditions.get(keys.get(used).getKey());
                if (condition == null || condition.isRange() || (condition.matchesNull() && index.sparse())
                    || prefixes.size() * condition.values.size() > MAX_PREFIXES) {
                    break;
                }
                List<List<Object>> extended = new ArrayList<>();
                for (List<Object> prefix : prefixes) {
                    for (Object value : new LinkedHashSetOf(condition.values)) {
                        List<Object> longer = new ArrayList<>(prefix);
                        longer.add(value);
                        extended.add(longer);
                    }
                }
                prefixes = extended;
                used++;
            }
            QueryCondition range = used < keys.size() ? conditions.get(keys.get(used).getKey()) : null;
            if (range != null && !range.isRange()) {
                range = null;
            }
            if (used == 0 && range == null) {
                return null;
            }

            boolean descending = !sortDirections.isEmpty() && sortDirections.get(0) < 0;
            boolean servesSort = sortKeys.isEmpty()
                || (prefixes.size() == 1 && sortFollowsIndex(keys, used, sortKeys, sortDirections));

            List<SortedIndexKey[]> bounds = new ArrayList<>();
            for (List<Object> prefix : prefixes) {
                bounds.add(new SortedIndexKey[] {lowBound(prefix, range), highBound(prefix, range)});
            }
            Iterable<P> positions = () -> new RangeIterator<>(index, bounds, descending);
            int score = used * 10 + (range != null ? 5 : 0) + (servesSort ? 2 : 0) + (index.isUnique() ? 1 : 0);
            return new Candidate<>(new IndexedQuery<>(index.getName(), servesSort, positions), score);
        }

        /** The sort is the index's keys after the equality prefix (then possibly _id), all in one direction. */
        private static boolean sortFollowsIndex(List<IndexKey> keys, int equalityKeys, List<String> sortKeys,
                                                List<Integer> sortDirections) {
            if (sortDirections.stream().distinct().count() > 1) {
                return false;
            }
            for (int i = 0; i < sortKeys.size(); i++) {
                int keyIndex = equalityKeys + i;
                String sortKey = sortKeys.get(i);
                if (keyIndex < keys.size()) {
                    if (!keys.get(keyIndex).getKey().equals(sortKey)) {
                        return false;
                    }
                } else if (!(keyIndex == keys.size() && sortKey.equals("_id"))) {
                    return false;
                }
            }
            return true;
        }

        private static SortedIndexKey lowBound(List<Object> prefix, QueryCondition range) {
            if (range == null || range.lower == null) {
                return SortedIndexKey.bound(prefix, SortedIndexKey.LOW);
            }
            return SortedIndexKey.bound(append(prefix, range.lower), range.lowerInclusive ? SortedIndexKey.LOW : SortedIndexKey.HIGH);
        }

        private static SortedIndexKey highBound(List<Object> prefix, QueryCondition range) {
            if (range == null || range.upper == null) {
                return SortedIndexKey.bound(prefix, SortedIndexKey.HIGH);
            }
            return SortedIndexKey.bound(append(prefix, range.upper), range.upperInclusive ? SortedIndexKey.HIGH : SortedIndexKey.LOW);
        }

        private static List<Object> append(List<Object> prefix, Object value) {
            List<Object> longer = new ArrayList<>(prefix);
            longer.add(value);
            return longer;
        }
    }

    /** Distinct values in the order given ($in lists may repeat a value). */
    private static final class LinkedHashSetOf extends java.util.LinkedHashSet<Object> {
        LinkedHashSetOf(Collection<Object> values) {
            super(values);
        }
    }

    /** Walks the ranges one after the other. */
    private static final class RangeIterator<P> implements Iterator<P> {
        private final SortedIndex<P> index;
        private final Iterator<SortedIndexKey[]> bounds;
        private final boolean descending;
        private Iterator<Map.Entry<SortedIndexKey, P>> current = Collections.emptyIterator();

        RangeIterator(SortedIndex<P> index, List<SortedIndexKey[]> bounds, boolean descending) {
            this.index = index;
            this.bounds = bounds.iterator();
            this.descending = descending;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && bounds.hasNext()) {
                SortedIndexKey[] next = bounds.next();
                current = index.range(next[0], next[1], descending);
            }
            return current.hasNext();
        }

        @Override
        public P next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next().getValue();
        }
    }
}
