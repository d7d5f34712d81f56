package org.dhcpfailover.host.config;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;

/**
 * An element of "hooks-libraries" as written. The host does not look inside "parameters": they
 * belong to the library, which validates them itself (Kea's hook model).
 */
record HookLibrarySection(
    @NotBlank(message = Messages.LIBRARY_REQUIRED) String library,
    JsonNode parameters) {}
