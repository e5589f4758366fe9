package dev.rocketnest.mongo;

import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * What both backends change around mongo-java-server's own handling of a command, in one place: a change stream
 * refused without an oplog ({@link ChangeStreamsWithoutOplog}), findAndModify's change events
 * ({@link FindAndModifyOplog}), an aggregate's leading {@code $match} planned on an index ({@link LeadingMatch}) and
 * {@code listCollections}' filter ({@link ListCollectionsFilter}); a client's ordinary refusals answered without an
 * ERROR log ({@link QuietRefusals}).
 */
final class LauncherCommands {

    private LauncherCommands() {
    }

    static Document around(MongoBackend backend, Oplog oplog, String databaseName, String command, Document query,
                           Supplier<Document> execute) {
        ChangeStreamsWithoutOplog.refuse(oplog, command, query);
        return QuietRefusals.around(() -> FindAndModifyOplog.around(backend, oplog, databaseName, command, query,
            () -> LeadingMatch.around(databaseName, command, query,
                () -> ListCollectionsFilter.around(command, query, execute))));
    }
}
