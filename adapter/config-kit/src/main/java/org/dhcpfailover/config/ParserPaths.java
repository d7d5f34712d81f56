package org.dhcpfailover.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.util.ArrayDeque;
import java.util.Deque;

/** Builds the JSON path of the value a Jackson parser is positioned on. */
final class ParserPaths {

    private ParserPaths() {}

    /** The path of the parser's current value, below {@code base}. */
    static JsonPath pathOf(JsonPath base, JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        // On a START token the parser has already entered the new object or list; its path is the
        // place the container sits in, i.e. the enclosing context.
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
                && context.getParent() != null) {
            context = context.getParent();
        }
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        JsonPath path = base;
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path = path.index(Math.max(c.getCurrentIndex(), 0));
            } else if (c.getCurrentName() != null) {
                path = path.key(c.getCurrentName());
            }
        }
        return path;
    }
}
