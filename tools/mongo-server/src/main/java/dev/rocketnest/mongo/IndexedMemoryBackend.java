package dev.rocketnest.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/** The memory backend, with sorted indexes and change events for findAndModify (see {@link FindAndModifyOplog}). */
final class IndexedMemoryBackend extends MemoryBackend implements OplogHolder {

    private Housekeeping housekeeping;
    private MapOplog mapOplog;

    void housekeeping(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
    }

    @Override
    public MapOplog mapOplog() {
        return mapOplog;
    }

    @Override
    protected Oplog createOplog() {
        mapOplog = new MapOplog(this, getCursorRegistry(), OplogEntries.inMemory(), OplogEntries.inMemory());
        return mapOplog;
    }


    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equals(QueryStats.COMMAND)) {
            return QueryStats.report(Boolean.TRUE.equals(query.get("reset")))
                .append("oplog", mapOplog == null ? null : mapOplog.report());
        }
        if (housekeeping != null) {
            housekeeping.maybeRun();
        }
        long start = System.nanoTime();
        Document result = LauncherCommands.around(this, oplog, databaseName, command, query,
            () -> super.handleCommand(channel, databaseName, command, query));
        QueryStats.command(command, query, System.nanoTime() - start);
        return result;
    }
}
