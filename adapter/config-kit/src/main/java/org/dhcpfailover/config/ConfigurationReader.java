package org.dhcpfailover.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a configuration document into a JSON tree. Comments are allowed ({@code //},
 * {@code /* *}{@code /} and {@code #}, as in Kea's configuration files) so that a sample can explain
 * every key next to it; a duplicated key is an error rather than "the last one wins", because a
 * silently ignored value is a misconfiguration nobody sees.
 *
 * <p>A syntax error is reported with its line and column, since the JSON path of a document that
 * does not parse is of little help.
 */
public final class ConfigurationReader {

  private ConfigurationReader() {}

  /** Parses {@code json}; a syntax error is a single {@link ConfigurationError}. */
  public static ConfigurationResult<JsonNode> read(String json) {
    try {
      JsonNode tree = ConfigurationMapper.get().readTree(json);
      if (tree == null || tree.isMissingNode()) {
        return ConfigurationResult.invalid(
            List.of(new ConfigurationError("", "the document is empty; a JSON object is expected")));
      }
      return ConfigurationResult.valid(tree);
    } catch (StreamReadException e) {
      return ConfigurationResult.invalid(List.of(syntaxError(e)));
    } catch (JsonProcessingException e) {
      return ConfigurationResult.invalid(
          List.of(new ConfigurationError("", "cannot read the document: " + e.getOriginalMessage())));
    }
  }

  /** Reads and parses the UTF-8 file {@code file}; an unreadable file throws. */
  public static ConfigurationResult<JsonNode> read(Path file) {
    try {
      return read(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
  }

  private static ConfigurationError syntaxError(StreamReadException e) {
    JsonLocation at = e.getLocation();
    JsonParser parser = e.getProcessor();
    JsonPath path = parser == null ? JsonPath.ROOT : ParserPaths.pathOf(JsonPath.ROOT, parser);
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new ConfigurationError(path.text(), "JSON syntax error" + where + ": " + e.getOriginalMessage());
  }
}
