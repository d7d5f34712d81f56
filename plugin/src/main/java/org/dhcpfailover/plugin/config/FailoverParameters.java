package org.dhcpfailover.plugin.config;

import java.util.List;
import java.util.Optional;

/**
 * The failover library's validated parameters: one or more relationships, since a server may back
 * up several partners (m-to-1, RFC 7031 R3), each pool in at most one of them (R2).
 */
public record FailoverParameters(List<RelationshipConfig> relationships) {

    public FailoverParameters {
        relationships = List.copyOf(relationships);
        if (relationships.isEmpty()) {
            throw new IllegalArgumentException("at least one relationship");
        }
    }

    /** The relationship with this name, as a received CONNECT selects it (RFC 8156 §6.2). */
    public Optional<RelationshipConfig> relationship(String name) {
        return relationships.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
