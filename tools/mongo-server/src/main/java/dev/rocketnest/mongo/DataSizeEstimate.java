package dev.rocketnest.mongo;

import java.util.stream.Stream;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A collection's data size for {@code collStats} / {@code dbStats}, estimated when asked (its count times the
 * average BSON size of its first 100 documents) instead of kept exact on every write: mongo-java-server kept it
 * by encoding each inserted, deleted and updated document (old and new) to BSON once more, and in the file by
 * rewriting a counter in the collection's meta map in every commit. No service reads it.
 *
 * <p>The documents must come as a lazy stream of the stored documents, not through a query: a query collects every
 * match first, and mongo-java-server asks for the size (for a debug line) when it opens each collection of a file,
 * so a query here read a million messages into memory at start (out of memory on the 1 GB heap).
 */
final class DataSizeEstimate {

    private static final int SAMPLE = 100;

    private DataSizeEstimate() {
    }

    static int of(int count, Stream<Document> documents) {
        if (count == 0) {
            return 0;
        }
        long[] sampled = {0, 0};
        documents.limit(SAMPLE).forEach(document -> {
            sampled[0] += CompactEncoding.bsonSize(document);
            sampled[1]++;
        });
        return sampled[1] == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, count * (sampled[0] / sampled[1]));
    }
}
