package dev.rocketnest.mongo;

/** A backend whose oplog is a {@link MapOplog} (null while the oplog is off). */
interface OplogHolder {

    MapOplog mapOplog();
}
