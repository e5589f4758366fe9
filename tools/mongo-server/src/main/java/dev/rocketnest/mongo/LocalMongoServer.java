package dev.rocketnest.mongo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;

/**
 * Starts mongo-java-server for local runs and tests.
 *
 * <p>Usage: {@code java -jar mongo-server.jar --port <n> [--file <path>] [--commit sync|auto] [--oplog-max-mb <n>]
 * [--oplog-max-hours <n>] [--oplog off]}.
 * Without {@code --file} the data live in memory; with it they live in an H2 MVStore file, every acknowledged
 * write fsynced first ({@link DurableCommits}). Indexes are served by the launcher's sorted indexes
 * ({@link SortedIndex}, {@link IndexedQuery}). The oplog is enabled so that change streams work, completed where
 * the server leaves gaps ({@link FindAndModifyOplog}) and bounded ({@link Housekeeping}). Prints
 * {@code READY <port>} on stdout once it accepts connections.
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
        long oplogMaxMb = 256;
        long oplogMaxHours = 24;
        boolean syncCommits = true;
        boolean oplog = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--oplog-max-mb" -> oplogMaxMb = Long.parseLong(args[++i]);
                case "--oplog-max-hours" -> oplogMaxHours = Long.parseLong(args[++i]);
                // "auto": MVStore's own auto-commit about once a second, unsynced (only to measure what sync costs).
                case "--commit" -> syncCommits = !args[++i].equals("auto");
                // "off": no change streams, for a bulk load (the benchmark's data generation) that nobody watches.
                case "--oplog" -> oplog = !args[++i].equals("off");
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }

        MVStore store = file == null ? null : openFile(file, syncCommits);
        // Durable writes are logged (RedoLog) in files of the compact format; one of the old format commits each group.
        RedoLog redo = store != null && syncCommits && CompactEncoding.enabled(store) ? RedoLog.attach(store, file) : null;
        AbstractMongoBackend backend = store == null ? new IndexedMemoryBackend() : new IndexedH2Backend(store, syncCommits, redo);
        Housekeeping housekeeping = new Housekeeping((OplogHolder) backend, store, oplogMaxMb * 1024 * 1024, Duration.ofHours(oplogMaxHours));
        if (backend instanceof IndexedH2Backend h2) {
            h2.housekeeping(housekeeping);
            housekeeping.startCompaction();
        } else {
            ((IndexedMemoryBackend) backend).housekeeping(housekeeping);
        }
        backend.version(MONGO_6_0);
        MongoServer server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        } else if (backend instanceof IndexedH2Backend h2) {
            h2.dropKeptOplog();
        }
        // One worker thread: mongo-java-server 1.47 is not safe against an index being created on a collection
        // while another connection queries it (ConcurrentModificationException in queryDocuments), which
        // happens whenever several services start together. Serialising the commands avoids it, and it is what
        // lets DurableCommits and Housekeeping run between commands.
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, 1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }));
        System.out.println("READY " + server.getLocalAddress().getPort());
        System.out.flush();
    }

    /** The file store as the server runs it (also what the unit tests open). */
    static MVStore openFile(String file, boolean syncCommits) {
        MVStore.Builder builder = new MVStore.Builder().fileName(file);
        // Small pages: a commit rewrites (and re-serialises) every page a write touched, in each map (documents,
        // each index, the oplog). 4 KB pages made a commit 2-3x cheaper than the default in back-to-back runs.
        builder.pageSplitSize(Integer.getInteger("rocketnest.pageSplitSize", 4096));
        // A page cache of a quarter of the 1 GB heap instead of MVStore's 16 MB: the pages reads come back to
        // (recent messages, the indexes' upper levels) stay decoded in memory instead of being read and decoded again.
        builder.cacheSize(Integer.getInteger("rocketnest.cacheMb", 256));
        // Opt-in: pages compressed (LZF). A commit writes every page its writes touched, whole, so the bytes written
        // (and the garbage to collect) fall with the page's size: -27% written in FileGrowthTest, for more CPU in
        // serialisation and compaction (+40% compaction time there); not measured under the benchmark's load yet.
        if (Boolean.getBoolean("rocketnest.compress")) {
            builder.compress();
        }
        if (syncCommits) {
            // No auto-commit: DurableCommits commits between commands and fsyncs before replying.
            DurableCommits.configure(builder);
        }
        MVStore store = builder.open();
        if (syncCommits) {
            DurableCommits.startWriterThreads(store);
            // MVStore keeps a chunk that no longer holds live data for 45 s before reusing its space, in case the
            // operating system has not written the chunks after it yet: under a sustained load the file grew by
            // all the writes of those 45 s (~400 MB a run). Here every commit is fsynced before the next is written
            // (one in flight, DurableCommits), and MVStore still keeps the chunks the version before the last
            // stored one needs, so a chunk can be reused as soon as it is dead.
            store.setRetentionTime(0);
        }
        return store;
    }

    private LocalMongoServer() {
    }
}
