package dev.rocketnest.mongo;

import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.DataType;

/**
 * A map of the file whose every change is also recorded in the {@link RedoLog}, as the key and its new value (or its
 * removal): replaying the records over the last checkpoint gives the map back exactly, oplog timestamps included.
 * The compaction's page moves change no content and are not recorded.
 */
final class LoggedMap<K, V> extends MVMap<K, V> {

    private final RedoLog log;
    /** The group of the log this map was last declared in (its name and value types, read back by the replay). */
    int declaredIn = -1;

    private LoggedMap(Map<String, Object> config, DataType<K> keyType, DataType<V> valueType, RedoLog log) {
        super(config, keyType, valueType);
        this.log = log;
    }

    @Override
    public V operate(K key, V value, DecisionMaker<? super V> decision) {
        V previous = super.operate(key, value, decision);
        if (decision == DecisionMaker.PUT) {
            log.put(this, key, value);
        } else if (decision == DecisionMaker.REMOVE) {
            if (previous != null) {
                log.remove(this, key);
            }
        } else if (!RedoLog.isPageMove(decision)) {
            // putIfAbsent, replace…: whatever the decision, the key's value now.
            V now = get(key);
            if (now == null) {
                log.remove(this, key);
            } else {
                log.put(this, key, now);
            }
        }
        return previous;
    }

    @Override
    public void clear() {
        super.clear();
        log.clear(this);
    }

    /** Opens maps as {@link LoggedMap}s of one log. */
    static final class Builder<K, V> extends MVMap.Builder<K, V> {
        private final RedoLog log;

        Builder(RedoLog log) {
            this.log = log;
        }

        @Override
        protected MVMap<K, V> create(Map<String, Object> config) {
            return new LoggedMap<>(config, getKeyType(), getValueType(), log);
        }
    }
}
