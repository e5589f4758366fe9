package de.bwaldvogel.mongo.backend;

/**
 * Exposes the few package-private helpers of mongo-java-server that the launcher's sorted indexes need (the same
 * value normalisation its own unique indexes use), so index keys compare as the server's.
 */
public final class BackendAccess {

    private BackendAccess() {
    }

    public static Object normalizeValue(Object value) {
        return Utils.normalizeValue(value);
    }
}
