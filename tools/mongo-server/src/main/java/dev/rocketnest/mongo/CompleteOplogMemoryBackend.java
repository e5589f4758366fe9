package dev.rocketnest.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** The memory backend, with change events for findAndModify (see {@link FindAndModifyOplog}). */
final class CompleteOplogMemoryBackend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return FindAndModifyOplog.around(this, oplog, databaseName, command, query,
            () -> super.handleCommand(channel, databaseName, command, query));
    }
}
