package org.dhcpfailover.plugin.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The failover library's "parameters" object as written. */
record FailoverParametersSection(
    @NotEmpty(message = "must list at least one relationship; without one, remove the failover library from "
        + "hooks-libraries")
    @Valid List<@NotNull(message = RelationshipSection.REQUIRED) RelationshipSection> failover) {}
