package dev.rocketnest.mongo;

import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * A server started without an oplog ({@code --oplog off}) refuses a change stream as a MongoDB that is not a replica
 * set does; mongo-java-server failed it with an internal error ("Unknown error: null").
 */
final class ChangeStreamsWithoutOplog {

    private ChangeStreamsWithoutOplog() {
    }

    static void refuse(Oplog oplog, String command, Document query) {
        if (oplog instanceof NoopOplog && command.equals("aggregate") && query.get("pipeline") instanceof List<?> pipeline
            && !pipeline.isEmpty() && pipeline.get(0) instanceof Document first && first.containsKey("$changeStream")) {
            throw new MongoServerError(40573, "Location40573", "The $changeStream stage is only supported on replica sets");
        }
    }
}
