package org.dhcpfailover.host.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A hook library to load and the parameters to hand it, unparsed: the library validates its own
 * parameters and reports problems below {@link #parametersPath()}, so the operator sees one path
 * scheme for the whole file.
 *
 * @param library the entry as written
 * @param jar the library's jar, resolved against the plugin directory
 * @param parametersPath the JSON path of the parameters, e.g. {@code Dhcp6.hooks-libraries[0].parameters}
 */
public record HookLibrary(String library, Path jar, JsonNode parameters, String parametersPath) {

    public HookLibrary {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(parametersPath, "parametersPath");
        parameters = parameters.deepCopy();
    }

    /** A copy of the parameters object (the tree is mutable; the configuration is not). */
    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }
}
