package dev.rocketnest.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The file's write-ahead log: what makes a write durable between two checkpoints of the MVStore file.
 *
 * <p>An MVStore commit rewrites every B-tree page a write touched, and the path to its root, in every map (the
 * documents, each index, the oplog): ~170 KB written and fsynced per ~1 KB message, garbage a few commits later
 * for the compaction to collect. Here a group commit appends only the changes themselves — each {@link LoggedMap}
 * write as its key and new value, in the map's own encoding — to a segment file ({@code db.mv.redo.<first group>})
 * and fsyncs that; the MVStore file is committed as a checkpoint now and then, each
 * touched page written once for the whole interval ({@link DurableCommits}: every 5 s or 4 MB of log). A checkpoint records the last group it holds
 * ({@code rocketnest.redo/applied}, in the same commit); once it is on disk the segments before it are deleted but
 * one, kept as the next segment's file ({@code db.mv.redo-spare}): groups written over a file's old bytes are made
 * durable by an fdatasync of their data alone, where an append that grows the file also has its new size written
 * (measured alone here: 30–40 % less CPU and wall time an fsync). Opening the file replays the groups after the
 * last checkpoint, stopping at the first torn one (a group is acknowledged only after its fsync, so a torn one was
 * never acknowledged) and skipping those the checkpoint holds — a recycled file's old groups among them. Records are
 * absolute (a key's new value or its removal), so replaying a group over a checkpoint that already holds part of it
 * gives the same maps.
 *
 * <p>Creating, removing or renaming a map is not logged: the commit after it is a checkpoint the replies wait for
 * ({@link #structureChanged}). Every group names the maps it writes and their
 * value types, so a group replays alone. Only the worker thread writes the maps, so only it appends here; the
 * segment files belong to the fsync thread.
 */
final class RedoLog {

    private static final Map<MVStore, RedoLog> LOGS = new ConcurrentHashMap<>();
    private static final String MARKER_MAP = "rocketnest.redo";
    private static final String APPLIED = "applied";
    private static final String SEGMENT = ".redo.";
    private static final String SPARE = ".redo-spare";
    private static final int HEADER_BYTES = 4 + 8 + 4;
    private static final byte DECLARE = 1;
    private static final byte PUT = 2;
    private static final byte REMOVE = 3;
    private static final byte CLEAR = 4;
    /** The value types a map of the file can have, by their tag in a declaration (0: MVStore's default). */
    private static final List<BasicDataType<?>> TYPES = List.of(CompactEncoding.DocumentType.INSTANCE,
        CompactEncoding.KeyValueType.INSTANCE, CompactEncoding.SortedIndexKeyType.INSTANCE, LongDataType.INSTANCE);
    private static final Class<?> PAGE_MOVE = pageMoveClass();

    /** A group of changes as the worker hands it to the fsync thread. */
    record Group(long number, byte[] changes) {
    }

    private final MVStore store;
    private final Path file;
    private final MVMap<String, Long> markers;
    private final WriteBuffer pending = new WriteBuffer(64 * 1024);
    /** Groups taken so far (the worker's); the next group is {@code framed + 1}. */
    private long framed;
    private int generation;
    private boolean replaying;
    /** MVStore's map list as of the last checkpoint (its entry count), and whether a command changed it since. */
    private long mapEntriesAtCheckpoint;
    private boolean structural;

    /** The fsync thread's: the segment appended to. */
    private FileChannel segment;
    private volatile long segmentBytes;

    private long groupsWritten;
    private long bytesWritten;
    private long groupsReplayed;

    private RedoLog(MVStore store, Path file) {
        this.store = store;
        this.file = file;
        this.markers = store.openMap(MARKER_MAP);
    }

    /** The log of a store, if it has one: its maps are then {@link LoggedMap}s. */
    static RedoLog of(MVStore store) {
        return LOGS.get(store);
    }

    /** Attaches a log to a file just opened: replays what its last checkpoint misses, then checkpoints. */
    static RedoLog attach(MVStore store, String file) {
        RedoLog log = new RedoLog(store, Path.of(file).toAbsolutePath());
        LOGS.put(store, log);
        log.replay();
        log.checkpointNow();
        return log;
    }

    static boolean isPageMove(MVMap.DecisionMaker<?> decision) {
        return decision.getClass() == PAGE_MOVE;
    }

    // --- the worker thread: records, groups, checkpoints ---

    void put(LoggedMap<?, ?> map, Object key, Object value) {
        if (record(PUT, map)) {
            write(map.getKeyType(), key);
            write(map.getValueType(), value);
        }
    }

    void remove(LoggedMap<?, ?> map, Object key) {
        if (record(REMOVE, map)) {
            write(map.getKeyType(), key);
        }
    }

    void clear(LoggedMap<?, ?> map) {
        record(CLEAR, map);
    }

    /** Starts a record of this map (its declaration first in a group); false while replaying, which records nothing. */
    private boolean record(byte op, LoggedMap<?, ?> map) {
        if (replaying) {
            return false;
        }
        declare(map);
        pending.put(op).putVarInt(map.getId());
        return true;
    }

    @SuppressWarnings("unchecked")
    private void write(DataType<?> type, Object value) {
        ((DataType<Object>) type).write(pending, value);
    }

    private void declare(LoggedMap<?, ?> map) {
        if (map.declaredIn == generation) {
            return;
        }
        map.declaredIn = generation;
        byte[] name = map.getName().getBytes(StandardCharsets.UTF_8);
        pending.put(DECLARE).putVarInt(map.getId()).putVarInt(name.length).put(name)
            .put(tag(map.getKeyType())).put(tag(map.getValueType()));
    }

    boolean hasPending() {
        return pending.position() > 0;
    }

    /**
     * Whether a map was created, removed or renamed since the last checkpoint: the next commit must be one. Creating or
     * removing one changes the number of MVStore's meta entries; a creation through {@link CompactEncoding#open} and the
     * commands that remove or rename ({@link #markStructural}) say so too. (The meta map's root page is no witness: the
     * compaction moves its pages without changing it.)
     */
    boolean structureChanged() {
        return structural || store.getMetaMap().sizeAsLong() != mapEntriesAtCheckpoint;
    }

    /** A map is about to be created, removed or renamed (worker thread). */
    void markStructural() {
        structural = true;
    }

    /** The changes since the last group, as the next group; null if there are none. */
    Group takeGroup() {
        if (!hasPending()) {
            return null;
        }
        ByteBuffer buffer = pending.getBuffer();
        byte[] changes = new byte[buffer.position()];
        buffer.get(0, changes);
        pending.clear();
        generation++;
        return new Group(++framed, changes);
    }

    /**
     * Before a checkpoint's commit, on the worker: the version about to be committed holds every group taken so far,
     * and the changes not yet taken (whole commands; replayed again over it if their group is written). Returns the
     * last group it holds.
     */
    long markCheckpoint() {
        markers.put(APPLIED, framed);
        return framed;
    }

    /** After a checkpoint's commit succeeded, on the worker. */
    void checkpointCommitted(boolean coversPending) {
        mapEntriesAtCheckpoint = store.getMetaMap().sizeAsLong();
        structural = false;
        if (coversPending) {
            // The replies to these changes wait for the checkpoint itself: no group needed.
            pending.clear();
            generation++;
        }
    }

    /** A checkpoint on the calling thread, waited for (at start, after the replay), and the first segment. */
    private void checkpointNow() {
        long applied = markCheckpoint();
        store.commit();
        store.sync();
        checkpointCommitted(true);
        startSegment(applied + 1);
        deleteSegmentsBefore(applied + 1);
    }

    // --- the fsync thread: the segment files ---

    /** Appends a group to the current segment and fsyncs it. */
    void append(Group group) {
        CRC32C crc = new CRC32C();
        crc.update(group.changes());
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(group.changes().length).putLong(group.number())
            .putInt((int) crc.getValue()).flip();
        ByteBuffer[] buffers = {header, ByteBuffer.wrap(group.changes())};
        try {
            while (buffers[1].hasRemaining()) {
                segment.write(buffers);
            }
            segment.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        segmentBytes += HEADER_BYTES + group.changes().length;
        groupsWritten++;
        bytesWritten += HEADER_BYTES + group.changes().length;
    }

    /**
     * Groups from {@code first} on go to a new segment (the file's entry fsynced with its directory): the spare renamed,
     * its old groups written over from the start, or an empty file.
     */
    void startSegment(long first) {
        try {
            closeSegment();
            Path path = file.resolveSibling(file.getFileName() + SEGMENT + String.format("%019d", first));
            Path spare = spare();
            boolean recycled = Files.exists(spare);
            if (recycled) {
                Files.move(spare, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            OpenOption[] options = recycled
                ? new OpenOption[] {StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING};
            segment = FileChannel.open(path, options);
            segmentBytes = 0;
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the segments whose groups a durable checkpoint holds (those that start before {@code first}); the first
     * becomes the spare if there is none. (A crash before the rename is on disk leaves the segment under its name:
     * its groups are all held by the checkpoint, skipped by a replay.)
     */
    void deleteSegmentsBefore(long first) {
        for (Path path : segments()) {
            if (firstGroup(path) < first) {
                try {
                    if (Files.exists(spare())) {
                        Files.deleteIfExists(path);
                    } else {
                        Files.move(path, spare(), StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private Path spare() {
        return file.resolveSibling(file.getFileName() + SPARE);
    }

    long segmentBytes() {
        return segmentBytes;
    }

    /**
     * At a clean stop, once the fsync thread is done: a last checkpoint holds everything, so no segment is left (the
     * last becomes the spare) and the next start replays nothing.
     */
    void close() {
        if (!LOGS.remove(store, this)) {
            return; // closed already (the server's shutdown closes the backend, and so does the launcher's hook)
        }
        markCheckpoint();
        store.commit();
        store.sync();
        closeSegment();
        deleteSegmentsBefore(Long.MAX_VALUE);
    }

    private void closeSegment() {
        if (segment != null) {
            try {
                segment.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            segment = null;
        }
    }

    Document report() {
        return new Document("groups", groupsWritten).append("bytes", bytesWritten).append("replayedAtStart", groupsReplayed);
    }

    // --- replay, at start ---

    private void replay() {
        long applied = markers.getOrDefault(APPLIED, 0L);
        long last = applied;
        replaying = true;
        try {
            for (Path path : segments()) {
                ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path));
                while (in.remaining() >= HEADER_BYTES) {
                    int length = in.getInt();
                    long number = in.getLong();
                    int crc = in.getInt();
                    if (length < 0 || length > in.remaining()) {
                        break;
                    }
                    ByteBuffer changes = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    CRC32C check = new CRC32C();
                    check.update(changes.duplicate());
                    if ((int) check.getValue() != crc) {
                        break;
                    }
                    if (number <= last) {
                        continue; // held by the checkpoint, or an old group of a recycled file
                    }
                    if (number != last + 1) {
                        throw new IllegalStateException("redo log: group " + (last + 1) + " is missing before " + number + " in " + path);
                    }
                    apply(changes);
                    last = number;
                    groupsReplayed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            replaying = false;
        }
        framed = last;
    }

    @SuppressWarnings("unchecked")
    private void apply(ByteBuffer changes) {
        Map<Integer, MVMap<Object, Object>> maps = new HashMap<>();
        while (changes.hasRemaining()) {
            byte op = changes.get();
            int id = DataUtils.readVarInt(changes);
            if (op == DECLARE) {
                byte[] name = new byte[DataUtils.readVarInt(changes)];
                changes.get(name);
                String mapName = new String(name, StandardCharsets.UTF_8);
                BasicDataType<Object> keyType = (BasicDataType<Object>) type(changes.get());
                BasicDataType<Object> valueType = (BasicDataType<Object>) type(changes.get());
                if (!store.hasMap(mapName)) {
                    throw new IllegalStateException("redo log: map " + mapName + " is not in the file");
                }
                maps.put(id, CompactEncoding.open(store, mapName, keyType, valueType));
                continue;
            }
            MVMap<Object, Object> map = maps.get(id);
            if (op == CLEAR) {
                map.clear();
                continue;
            }
            Object key = map.getKeyType().read(changes);
            if (op == PUT) {
                map.put(key, map.getValueType().read(changes));
            } else if (op == REMOVE) {
                map.remove(key);
            } else {
                throw new IllegalStateException("redo log: unknown record " + op);
            }
        }
    }

    private List<Path> segments() {
        String prefix = file.getFileName() + SEGMENT;
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<Path> found = new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
            found.sort((a, b) -> Long.compare(firstGroup(a), firstGroup(b)));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long firstGroup(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    }

    private static byte tag(DataType<?> type) {
        if (type instanceof ObjectDataType) {
            return 0;
        }
        int index = TYPES.indexOf(type);
        if (index < 0) {
            throw new IllegalStateException("redo log: no tag for the data type " + type.getClass().getName());
        }
        return (byte) (index + 1);
    }

    private static BasicDataType<?> type(byte tag) {
        return tag == 0 ? null : TYPES.get(tag - 1);
    }

    private static Class<?> pageMoveClass() {
        try {
            return Class.forName("org.h2.mvstore.MVMap$RewriteDecisionMaker");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("MVStore without the page rewrite this log skips", e);
        }
    }
}
