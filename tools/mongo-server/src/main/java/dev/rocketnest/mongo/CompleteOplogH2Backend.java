package dev.rocketnest.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** The H2 file backend, with change events for findAndModify (see {@link FindAndModifyOplog}). */
final class CompleteOplogH2Backend extends H2Backend {

    CompleteOplogH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return FindAndModifyOplog.around(this, oplog, databaseName, command, query,
            () -> super.handleCommand(channel, databaseName, command, query));
    }
}
