package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

/** A split path gives what the server's own lookup gives, for every shape a document can take on the way. */
class FieldPathTest {

    private static final List<Document> DOCUMENTS = List.of(
        new Document("_id", "m1").append("rid", "GENERAL").append("u", new Document("_id", "u1").append("username", "ann")),
        new Document("_id", "m2").append("rid", null).append("u", null),
        new Document("_id", "m3").append("u", "not a document"),
        new Document("_id", "m4").append("mentions", List.of(new Document("username", "bob"), new Document("username", "cy"))),
        new Document("_id", "m5").append("mentions", List.of(new Document("_id", "x"), "text", List.of(new Document("username", "d")))),
        new Document("_id", "m6").append("roles", Arrays.asList("owner", null)).append("u", new Document("_id", null)),
        new Document("_id", "m7").append("a", new Document("b", new Document("c", 3L))).append("0", "zero"),
        new Document("_id", "m8").append("a", List.of(new Document("b", List.of(new Document("c", 1), new Document("c", 2))))),
        new Document());

    @ParameterizedTest
    @ValueSource(strings = {"rid", "u._id", "u.username", "mentions.username", "mentions._id", "roles", "a.b.c", "a.b",
        "missing", "missing.deeper", "0", "mentions.0.username", "roles.1", "_id"})
    void givesWhatTheServersLookupGives(String path) {
        FieldPath fieldPath = new FieldPath(path);
        for (Document document : DOCUMENTS) {
            assertEquals(Utils.getSubdocumentValueCollectionAware(document, path), fieldPath.valueIn(document),
                path + " in " + document);
        }
    }
}
