package dev.rocketnest.mongo;

import java.util.Set;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * Refusals that are a client's ordinary outcome — {@code create} of a collection that exists (NamespaceExists, 48),
 * a write refused by a unique index (11000) — answered with the same reply mongo-java-server builds, without the
 * ERROR line and stack trace it logs for every failed command. Every service's mongoose creates its collections at
 * start, so a fresh {@code npm start} logged 49 of them; MongoDB logs neither.
 */
final class QuietRefusals {

    /** NamespaceExists; DuplicateKey (also as findAndModify's "Plan executor error … caused by … E11000"). */
    private static final Set<Integer> QUIET_CODES = Set.of(48, 11000);

    private QuietRefusals() {
    }

    static Document around(Supplier<Document> execute) {
        try {
            return execute.get();
        } catch (MongoServerError refusal) {
            if (!QUIET_CODES.contains(refusal.getCode())) {
                throw refusal;
            }
            return reply(refusal);
        }
    }

    /** The fields and order of mongo-java-server's own error reply ({@code MongoDatabaseHandler.errorResponse}). */
    private static Document reply(MongoServerError refusal) {
        Document reply = new Document("$err", refusal.getMessageWithoutErrorCode())
            .append("errmsg", refusal.getMessageWithoutErrorCode())
            .append("code", refusal.getCode());
        reply.putIfNotNull("codeName", refusal.getCodeName());
        return reply.append("ok", 0);
    }
}
