package dev.rocketnest.mongo;

import java.net.InetSocketAddress;
import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;

/**
 * Starts mongo-java-server for local runs and tests.
 *
 * <p>Usage: {@code java -jar mongo-server.jar --port <n> [--file <path>]}. Without {@code --file} the data live
 * in memory; with it they live in an H2 MVStore file and survive a restart. The oplog is enabled so that change
 * streams work, completed where the server leaves gaps ({@link FindAndModifyOplog}). Prints {@code READY <port>} on stdout once it accepts connections.
 */
public final class LocalMongoServer {

    /** The Node MongoDB driver refuses wire versions below 9; MongoDB 6.0 speaks wire version 17. */
    private static final MongoVersion MONGO_6_0 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    };

    public static void main(String[] args) {
        int port = 27017;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }

        MongoBackend backend = file == null ? new CompleteOplogMemoryBackend() : new CompleteOplogH2Backend(file);
        backend.version(MONGO_6_0);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        // One worker thread: mongo-java-server 1.47 is not safe against an index being created on a collection
        // while another connection queries it (ConcurrentModificationException in queryDocuments), which
        // happens whenever several services start together. Serialising the commands avoids it.
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, 1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }));
        System.out.println("READY " + server.getLocalAddress().getPort());
        System.out.flush();
    }

    private LocalMongoServer() {
    }
}
