package dev.rocketnest.mongo;

import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * The file backend: H2 MVStore with sorted indexes ({@link IndexedH2Database}), change events for findAndModify
 * ({@link FindAndModifyOplog}) and group-committed, fsynced writes ({@link DurableCommits}).
 */
final class IndexedH2Backend extends H2Backend implements OplogHolder {

    private static final String OPLOG_MAP = "rocketnest.oplog";
    private static final String OPLOG_COMMANDS_MAP = "rocketnest.oplog.commands";

    private Housekeeping housekeeping;
    private MapOplog mapOplog;

    void housekeeping(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
        if (durability != null) {
            housekeeping.yieldTo(durability::commitWaiting);
        }
    }

    /**
     * Started without an oplog: the one an earlier run kept is dropped (up to its bound, 256 MB), as nobody reads it now
     * and it would only age. Its removal is written by the first commit, a checkpoint (a map removed).
     */
    void dropKeptOplog() {
        MVStore store = getMvStore();
        for (String name : new String[] {OPLOG_MAP, OPLOG_COMMANDS_MAP}) {
            if (store.hasMap(name)) {
                store.removeMap(name);
            }
        }
    }

    @Override
    public MapOplog mapOplog() {
        return mapOplog;
    }

    /** The oplog in its own maps of the file ({@link MapOplog}); one kept by an earlier launcher as a collection moves in. */
    @Override
    protected Oplog createOplog() {
        MVStore store = getMvStore();
        mapOplog = new MapOplog(this, getCursorRegistry(), OplogEntries.inFile(store, OPLOG_MAP),
            OplogEntries.inFile(store, OPLOG_COMMANDS_MAP));
        mapOplog.migrateFrom(resolveDatabase("local"), "oplog.rs");
        return mapOplog;
    }

    private final DurableCommits durability;
    private final RedoLog redo;

    /** {@code redo}: the file's log when its writes are logged (null: every group commit is an MVStore commit). */
    IndexedH2Backend(MVStore store, boolean syncCommits, RedoLog redo) {
        super(store);
        this.durability = syncCommits ? new DurableCommits(store, redo, DurableCommits.HALT) : null;
        this.redo = redo;
    }

    /** Renaming a collection renames its maps, which the redo log does not replay (the count of maps stays the same). */
    private static boolean renamesMaps(String command, Document query) {
        if (command.equalsIgnoreCase("renameCollection")) {
            return true;
        }
        // $out is only ever a pipeline's last stage.
        return command.equalsIgnoreCase("aggregate") && query.get("pipeline") instanceof List<?> stages && !stages.isEmpty()
            && stages.get(stages.size() - 1) instanceof Document last && last.containsKey("$out");
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equals(QueryStats.COMMAND)) {
            boolean reset = Boolean.TRUE.equals(query.get("reset"));
            return QueryStats.report(reset).append("durability", durability == null ? null : durability.report(reset))
                .append("oplog", mapOplog == null ? null : mapOplog.report())
                .append("file", housekeeping == null ? null : housekeeping.report());
        }
        if (housekeeping != null) {
            housekeeping.maybeRun();
        }
        if (redo != null && renamesMaps(command, query)) {
            redo.markStructural();
        }
        long start = System.nanoTime();
        Document result = LauncherCommands.around(this, oplog, databaseName, command, query,
            () -> super.handleCommand(channel, databaseName, command, query));
        if (durability != null) {
            durability.afterCommand(channel, command);
        }
        QueryStats.command(command, query, System.nanoTime() - start);
        return result;
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (durability != null) {
            // Its last checkpoint commits everything written (a redo log ends empty).
            durability.close();
        }
        // A clean stop shrinks the file (moves live chunks down, truncates), within the launcher's stop grace.
        getMvStore().commit();
        getMvStore().compactFile(3_000);
        super.close();
    }
}
