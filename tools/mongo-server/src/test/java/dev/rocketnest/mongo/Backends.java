package dev.rocketnest.mongo;

import java.nio.file.Path;
import java.util.List;

import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;

/** The launcher's two backends as the server runs them, driven by commands (no network, no driver). */
final class Backends {

    /** The connection the commands come on (the server keeps a last status per channel). */
    private static final EmbeddedChannel CHANNEL = new EmbeddedChannel();

    private Backends() {
    }

    static AbstractMongoBackend open(String mode, Path dir) {
        if (mode.equals("memory")) {
            return new IndexedMemoryBackend();
        }
        return new IndexedH2Backend(LocalMongoServer.openFile(dir.resolve("db.mv").toString(), true), false, null);
    }

    static Document command(AbstractMongoBackend backend, String database, Document command) {
        String name = command.keySet().iterator().next();
        Document result = backend.handleCommand(CHANNEL, database, name, command);
        if (!Double.valueOf(1.0).equals(((Number) result.getOrDefault("ok", 0)).doubleValue())) {
            throw new IllegalStateException(name + " failed: " + result);
        }
        return result;
    }

    static void insert(AbstractMongoBackend backend, String database, String collection, List<Document> documents) {
        command(backend, database, new Document("insert", collection).append("documents", documents));
    }

    static void index(AbstractMongoBackend backend, String database, String collection, Document keys, boolean sparse) {
        Document index = new Document("key", keys).append("name", String.join("_", keys.keySet()));
        if (sparse) {
            index.append("sparse", true);
        }
        command(backend, database, new Document("createIndexes", collection).append("indexes", List.of(index)));
    }
}
