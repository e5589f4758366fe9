package dev.rocketnest.mongo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How documents and index keys are stored in the file: as BSON, instead of MVStore's default, which falls back to
 * Java serialisation for mongo-java-server's classes (class descriptors with every value: ~9 KB of file and most
 * of a write's CPU per message). A value BSON cannot hold (none the server stores, but an index key could carry
 * an internal marker) is written Java-serialised behind a tag byte. Files written before keep the old encoding:
 * the format is recorded in the file when it is created.
 */
final class CompactEncoding {

    private static final String FORMAT_MAP = "rocketnest.format";
    private static final String BSON_FORMAT = "bson-1";
    private static final byte TAG_BSON = 0;
    private static final byte TAG_JAVA = 1;

    private CompactEncoding() {
    }

    /** Whether this file stores BSON: true for a new file, false for one written with the old encoding. */
    static boolean enabled(MVStore store) {
        MVMap<String, String> formats = store.openMap(FORMAT_MAP);
        String format = formats.get("values");
        if (format == null) {
            boolean legacy = store.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
            format = legacy ? "java-serialization" : BSON_FORMAT;
            formats.put("values", format);
        }
        return format.equals(BSON_FORMAT);
    }

    /** Opens a map of the file with these types (null: MVStore's default); a {@link LoggedMap} if the file has a {@link RedoLog}. */
    static <K, V> MVMap<K, V> open(MVStore store, String name, BasicDataType<K> keyType, BasicDataType<V> valueType) {
        RedoLog log = RedoLog.of(store);
        if (log != null && !store.hasMap(name)) {
            log.markStructural();
        }
        MVMap.Builder<K, V> builder = log == null ? new MVMap.Builder<>() : new LoggedMap.Builder<>(log);
        if (keyType != null) {
            builder.keyType(keyType);
        }
        if (valueType != null) {
            builder.valueType(valueType);
        }
        return store.openMap(name, builder);
    }

    private static byte[] bson(Document document) {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /** A document's size as BSON. */
    static int bsonSize(Document document) {
        try {
            return bson(document).length;
        } catch (RuntimeException unencodable) {
            return javaSerialised(document).length;
        }
    }

    /**
     * The bytes of values whose class is not ours (documents, the {@code _id} index's keys), by identity; the launcher's
     * own index keys hold theirs in a field ({@link SortedIndexKey#stored}), without a map entry each.
     */
    private static final StoredBytes STORED = new StoredBytes();

    private static byte[] stored(Object value, Supplier<byte[]> encode) {
        byte[] bytes = STORED.get(value);
        if (bytes == null) {
            bytes = encode.get();
            STORED.put(value, bytes);
        }
        return bytes;
    }

    /** A value read from a page, its bytes kept for when the page is written again. */
    private static <T> T keepingBytes(ByteBuffer in, Function<ByteBuffer, T> read) {
        int start = in.position();
        T value = read.apply(in);
        STORED.put(value, bytesFrom(in, start));
        return value;
    }

    private static byte[] bytesFrom(ByteBuffer in, int start) {
        byte[] bytes = new byte[in.position() - start];
        in.get(start, bytes);
        return bytes;
    }

    /** A value as the file holds it: its tag, its length, its bytes. */
    private static byte[] tagged(Document document) {
        byte[] bytes;
        byte tag;
        try {
            bytes = bson(document);
            tag = TAG_BSON;
        } catch (RuntimeException unencodable) {
            bytes = javaSerialised(document);
            tag = TAG_JAVA;
        }
        ByteBuffer record = ByteBuffer.allocate(1 + 5 + bytes.length);
        record.put(tag);
        DataUtils.writeVarInt(record, bytes.length);
        record.put(bytes);
        return Arrays.copyOf(record.array(), record.position());
    }

    private static Document readTagged(ByteBuffer in) {
        byte tag = in.get();
        byte[] bytes = new byte[DataUtils.readVarInt(in)];
        in.get(bytes);
        if (tag == TAG_JAVA) {
            return (Document) javaDeserialised(bytes);
        }
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        return BsonDecoder.decodeBson(buffer);
    }

    private static byte[] javaSerialised(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object javaDeserialised(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A list of values as a document {"0": …, "1": …}: BSON has no top-level value. */
    private static Document valuesDocument(List<Object> values, Object extra) {
        Document document = new Document();
        for (int i = 0; i < values.size(); i++) {
            document.put(Integer.toString(i), values.get(i));
        }
        if (extra != null) {
            document.put("_", extra);
        }
        return document;
    }

    private static List<Object> valuesOf(Document document) {
        List<Object> values = new ArrayList<>(document.size());
        for (int i = 0; document.containsKey(Integer.toString(i)); i++) {
            values.add(document.get(Integer.toString(i)));
        }
        return values;
    }

    /** The documents of a collection. */
    static final class DocumentType extends BasicDataType<Document> {
        static final DocumentType INSTANCE = new DocumentType();

        @Override
        public int getMemory(Document document) {
            // Sampled by MVStore (isMemoryEstimationAllowed): the decoded document and the bytes kept for its next write.
            return 64 + document.size() * 64;
        }

        @Override
        public void write(WriteBuffer out, Document document) {
            out.put(stored(document, () -> tagged(document)));
        }

        @Override
        public Document read(ByteBuffer in) {
            return keepingBytes(in, CompactEncoding::readTagged);
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /** Keys of the launcher's sorted indexes: values, the document's id, and the bound side (entries only are stored). */
    static final class SortedIndexKeyType extends BasicDataType<SortedIndexKey> {
        static final SortedIndexKeyType INSTANCE = new SortedIndexKeyType();

        @Override
        public int getMemory(SortedIndexKey key) {
            // The values, and the bytes kept for the next write (about as many as the values take in the file).
            return 64 + key.values.size() * 64;
        }

        @Override
        public int compare(SortedIndexKey a, SortedIndexKey b) {
            return a.compareTo(b);
        }

        @Override
        public void write(WriteBuffer out, SortedIndexKey key) {
            byte[] stored = key.stored;
            if (stored == null) {
                stored = tagged(valuesDocument(key.values, key.id));
                key.stored = stored;
            }
            out.put(stored);
        }

        @Override
        public SortedIndexKey read(ByteBuffer in) {
            int start = in.position();
            Document document = readTagged(in);
            SortedIndexKey key = SortedIndexKey.entry(valuesOf(document), document.get("_"));
            key.stored = bytesFrom(in, start);
            return key;
        }

        @Override
        public SortedIndexKey[] createStorage(int size) {
            return new SortedIndexKey[size];
        }
    }

    /** Keys of the server's own {@code _id} index, ordered as MongoDB orders values. */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        static final KeyValueType INSTANCE = new KeyValueType();

        @Override
        public int getMemory(KeyValue key) {
            return 32 + key.size() * 32;
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            ValueComparator comparator = ValueComparator.ascWithoutListHandling();
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                int c = comparator.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public void write(WriteBuffer out, KeyValue key) {
            out.put(stored(key, () -> tagged(valuesDocument(key.stream().toList(), null))));
        }

        @Override
        public KeyValue read(ByteBuffer in) {
            return keepingBytes(in, bytes -> new KeyValue(valuesOf(readTagged(bytes))));
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
