package dev.rocketnest.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.backend.BackendAccess;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/** What a query asks of one field, as far as an index can serve it: equal to one of some values, or a range. */
final class QueryCondition {

    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    /** Equality ({@code field: v}, {@code $eq}) has one value, {@code $in} several; null for a range. */
    final List<Object> values;
    final Object lower;
    final boolean lowerInclusive;
    final Object upper;
    final boolean upperInclusive;

    private QueryCondition(List<Object> values, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
        this.values = values;
        this.lower = lower;
        this.lowerInclusive = lowerInclusive;
        this.upper = upper;
        this.upperInclusive = upperInclusive;
    }

    boolean isRange() {
        return values == null;
    }

    boolean matchesNull() {
        return values != null && values.stream().anyMatch(v -> v == null);
    }

    /** @return the condition, or null when an index cannot narrow it (regex, $ne, $exists, array equality…) */
    static QueryCondition of(Object value) {
        if (value instanceof Document operators && !operators.isEmpty()
            && operators.keySet().stream().allMatch(k -> k.startsWith("$"))) {
            return ofOperators(operators);
        }
        return indexable(value) ? new QueryCondition(Collections.singletonList(normalized(value)), null, false, null, false) : null;
    }

    /**
     * An equality, an {@code $in} or a range among the operators; the others beside it ({@code $ne: null} next to a
     * range, as a job queue asks for its due jobs) only narrow what it yields further, and the server still matches
     * every candidate against the whole query.
     */
    private static QueryCondition ofOperators(Document operators) {
        if (operators.containsKey("$eq")) {
            Object value = operators.get("$eq");
            return indexable(value) ? new QueryCondition(Collections.singletonList(normalized(value)), null, false, null, false) : null;
        }
        if (operators.get("$in") instanceof Collection<?> list) {
            List<Object> values = new ArrayList<>();
            for (Object v : list) {
                if (!indexable(v)) {
                    return null;
                }
                values.add(normalized(v));
            }
            return values.isEmpty() ? null : new QueryCondition(values, null, false, null, false);
        }
        if (operators.keySet().stream().anyMatch(RANGE_OPERATORS::contains)) {
            Object lower = operators.containsKey("$gt") ? operators.get("$gt") : operators.get("$gte");
            Object upper = operators.containsKey("$lt") ? operators.get("$lt") : operators.get("$lte");
            if ((lower != null && !indexable(lower)) || (upper != null && !indexable(upper))) {
                return null;
            }
            return new QueryCondition(null, normalized(lower), operators.containsKey("$gte"), normalized(upper),
                operators.containsKey("$lte"));
        }
        return null;
    }

    private static boolean indexable(Object value) {
        return !(value instanceof Collection) && !(value instanceof Pattern)
            && !BsonRegularExpression.isRegularExpression(value);
    }

    private static Object normalized(Object value) {
        return value == null ? null : BackendAccess.normalizeValue(value);
    }
}
