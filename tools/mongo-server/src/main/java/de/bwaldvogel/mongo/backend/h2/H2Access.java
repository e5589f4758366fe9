package de.bwaldvogel.mongo.backend.h2;

import java.util.List;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

/** Builds mongo-java-server's package-private H2 unique index over a map the launcher opened (with its own key encoding). */
public final class H2Access {

    private H2Access() {
    }

    public static H2UniqueIndex uniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        return new H2UniqueIndex(map, name, keys, sparse);
    }
}
