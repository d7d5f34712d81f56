package org.dhcpfailover.plugin.bindingdb;

import java.nio.charset.StandardCharsets;

/**
 * The name of a relationship's store directory: each failover relationship has its own
 * bindings (RFC 8156 §5.5.9 names the relationship; its leases belong to its pools only), so
 * each gets its own {@link BindingDatabase} in its own directory under the store root.
 *
 * <p>The relationship name is any UTF-8 text; octets outside {@code [A-Za-z0-9_-]} become
 * {@code %XX}, so the mapping is one-to-one, the name never holds a separator and never is
 * {@code .} or {@code ..}.
 */
final class RelationshipDirectory {
    private RelationshipDirectory() {
    }

    /** The directory name for {@code relationship}. */
    static String nameFor(String relationship) {
        if (relationship.isEmpty()) {
            throw new IllegalArgumentException("a relationship name is not empty");
        }
        StringBuilder name = new StringBuilder();
        for (byte octet : relationship.getBytes(StandardCharsets.UTF_8)) {
            int c = octet & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                name.append((char) c);
            } else {
                name.append('%').append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return name.toString();
    }
}
