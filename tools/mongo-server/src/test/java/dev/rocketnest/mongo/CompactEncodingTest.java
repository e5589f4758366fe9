package dev.rocketnest.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/** Index keys keep the bytes they are stored as, so rewriting a page does not encode its unchanged keys again. */
class CompactEncodingTest {

    private static final CompactEncoding.SortedIndexKeyType KEYS = CompactEncoding.SortedIndexKeyType.INSTANCE;

    @TempDir
    Path dir;

    private static byte[] written(SortedIndexKey key) {
        WriteBuffer out = new WriteBuffer();
        KEYS.write(out, key);
        ByteBuffer buffer = out.getBuffer();
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static SortedIndexKey sample() {
        return SortedIndexKey.entry(List.of("GENERAL", Instant.ofEpochMilli(1_700_000_000_000L), 42L, true, new Document("a", "é")),
            new ObjectId().toString());
    }

    @Test
    void aKeyIsEncodedOnceAndWrittenAlikeEveryTime() {
        SortedIndexKey key = sample();
        byte[] first = written(key);
        byte[] stored = key.stored;
        assertArrayEquals(first, written(key));
        assertSame(stored, key.stored, "the second write reuses the first one's bytes");
        // The same bytes a key with nothing kept would get: the file's format is unchanged.
        assertArrayEquals(first, written(SortedIndexKey.entry(key.values, key.id)));
    }

    @Test
    void aKeyReadBackKeepsItsValuesAndTheBytesItWasReadFrom() {
        SortedIndexKey key = sample();
        byte[] bytes = written(key);
        ByteBuffer in = ByteBuffer.allocate(bytes.length + 3);
        in.put(new byte[] {7, 7}).put(bytes).put((byte) 9).flip().position(2);
        SortedIndexKey read = KEYS.read(in);
        assertEquals(2 + bytes.length, in.position(), "read stops at the key's end");
        assertEquals(0, read.compareTo(key));
        assertEquals(key.values, read.values);
        assertArrayEquals(bytes, read.stored);
        assertArrayEquals(bytes, written(read));
    }

    @Test
    void aDocumentIsEncodedOnceAndItsReadBytesAreWrittenBack() {
        CompactEncoding.DocumentType documents = CompactEncoding.DocumentType.INSTANCE;
        Document message = new Document("_id", "m1").append("rid", "GENERAL").append("msg", "héllo")
            .append("ts", Instant.ofEpochMilli(1_700_000_000_000L)).append("u", new Document("_id", "u1"));
        WriteBuffer first = new WriteBuffer();
        documents.write(first, message);
        byte[] bytes = Arrays.copyOf(first.getBuffer().array(), first.getBuffer().position());
        WriteBuffer second = new WriteBuffer();
        documents.write(second, message);
        assertArrayEquals(bytes, Arrays.copyOf(second.getBuffer().array(), second.getBuffer().position()));
        // An equal document with its fields in another order is another value: it gets its own bytes.
        Document reordered = new Document("rid", "GENERAL").append("_id", "m1").append("msg", "héllo")
            .append("ts", message.get("ts")).append("u", new Document("_id", "u1"));
        WriteBuffer other = new WriteBuffer();
        documents.write(other, reordered);
        assertEquals(bytes.length, other.getBuffer().position());
        assertEquals(false, Arrays.equals(bytes, Arrays.copyOf(other.getBuffer().array(), bytes.length)));

        Document read = documents.read(ByteBuffer.wrap(bytes));
        assertEquals(message, read);
        WriteBuffer again = new WriteBuffer();
        documents.write(again, read);
        assertArrayEquals(bytes, Arrays.copyOf(again.getBuffer().array(), again.getBuffer().position()));
    }

    @Test
    void storedBytesAreForgottenWithTheirValues() {
        StoredBytes stored = new StoredBytes();
        Object kept = new Object();
        stored.put(kept, new byte[] {1});
        for (int i = 0; i < 10_000; i++) {
            stored.put(new Object(), new byte[16]);
        }
        for (int attempt = 0; attempt < 20 && stored.size() > 1; attempt++) {
            System.gc();
        }
        assertEquals(1, stored.size(), "only the value still referenced keeps its bytes");
        assertArrayEquals(new byte[] {1}, stored.get(kept));
    }

    @Test
    void keysSurviveAReopenedFileAndAreRewrittenUnchanged() {
        String file = dir.resolve("keys.mv").toString();
        SortedIndexKey key = sample();
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<SortedIndexKey, String> map = CompactEncoding.open(store, "index", KEYS, null);
            for (int i = 0; i < 500; i++) {
                map.put(SortedIndexKey.entry(List.of("room" + (i % 7), (long) i), "id" + i), "p" + i);
            }
            map.put(key, "sample");
            store.commit();
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<SortedIndexKey, String> map = CompactEncoding.open(store, "index", KEYS, null);
            assertEquals("sample", map.get(key));
            // Touch one leaf so that its unchanged neighbours are written from the bytes they were read from.
            map.put(SortedIndexKey.entry(List.of("room3", 3L), "id3"), "changed");
            store.commit();
        }
        try (MVStore store = new MVStore.Builder().fileName(file).open()) {
            MVMap<SortedIndexKey, String> map = CompactEncoding.open(store, "index", KEYS, null);
            assertEquals(501, map.size());
            assertEquals("changed", map.get(SortedIndexKey.entry(List.of("room3", 3L), "id3")));
            assertEquals("p4", map.get(SortedIndexKey.entry(List.of("room4", 4L), "id4")));
            assertEquals("sample", map.get(key));
        }
    }
}
