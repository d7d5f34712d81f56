package org.dhcpfailover.plugin.store;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the store's files. The generation in the name orders them: snapshot-N holds
 * everything logged before log-N, so the state is the newest snapshot plus the logs from its
 * generation on. The {@code .v1} suffix is the format version.
 */
final class StoreFileNames {

    private static final Pattern LOG = Pattern.compile("log-(\\d{16})\\.v1");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{16})\\.v1");
    static final String TEMPORARY_SUFFIX = ".tmp";

    private StoreFileNames() {
    }

    static String log(long generation) {
        return String.format("log-%016d.v1", generation);
    }

    static String snapshot(long generation) {
        return String.format("snapshot-%016d.v1", generation);
    }

    static String temporarySnapshot(long generation) {
        return snapshot(generation) + TEMPORARY_SUFFIX;
    }

    static OptionalLong logGeneration(String name) {
        return generation(LOG.matcher(name));
    }

    static OptionalLong snapshotGeneration(String name) {
        return generation(SNAPSHOT.matcher(name));
    }

    static boolean isTemporary(String name) {
        return name.endsWith(TEMPORARY_SUFFIX) && name.startsWith("snapshot-");
    }

    private static OptionalLong generation(Matcher matcher) {
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }
}
