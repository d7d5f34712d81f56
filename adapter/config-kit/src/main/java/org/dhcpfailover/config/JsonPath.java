package org.dhcpfailover.config;

import java.util.Objects;

/**
 * A location in a JSON document written the way operators read it: keys joined by dots, list
 * elements as {@code [i]}, e.g. {@code Dhcp6.pools[2].valid-lifetime}. The empty path is the
 * document root.
 */
public record JsonPath(String text) {

    /** The document root. */
    public static final JsonPath ROOT = new JsonPath("");

    public JsonPath {
        Objects.requireNonNull(text, "text");
    }

    /** A path given as text by a caller, e.g. the prefix under which a plugin's parameters sit. */
    public static JsonPath of(String text) {
        return new JsonPath(text);
    }

    /** The path of the member {@code key} of the object at this path. */
    public JsonPath key(String key) {
        return new JsonPath(text.isEmpty() ? key : text + "." + key);
    }

    /** The path of element {@code index} of the list at this path. */
    public JsonPath index(int index) {
        return new JsonPath(text + "[" + index + "]");
    }

    /** True if {@code other} is this path or lies inside it. */
    public boolean contains(JsonPath other) {
        return other.text.equals(text)
                || text.isEmpty()
                || other.text.startsWith(text + ".")
                || other.text.startsWith(text + "[");
    }

    @Override
    public String toString() {
        return text;
    }
}
