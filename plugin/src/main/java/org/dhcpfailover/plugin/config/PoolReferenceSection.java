package org.dhcpfailover.plugin.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** An element of a relationship's "pools" as written: a host pool by name, and how it is split. */
record PoolReferenceSection(
        @NotBlank(message = RelationshipSection.REQUIRED) String name,
        Allocation allocation,
        @Min(value = 0, message = SHARE) @Max(value = 100, message = SHARE) Long secondaryShare,
        @Min(value = 1, message = THRESHOLD) @Max(value = 100, message = THRESHOLD) Long rebalanceThreshold) {

    static final String SHARE = "must be a percentage from 0 to 100";
    static final String THRESHOLD = "must be a percentage from 1 to 100";
}
