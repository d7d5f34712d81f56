package org.dhcpfailover.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
                        List.of(
                                new ConfigurationError(
                                        "", "the document is empty; a JSON object is expected")));
            }
            return ConfigurationResult.valid(tree);
        } catch (StreamReadException e) {
            return ConfigurationResult.invalid(List.of(syntaxError(e)));
        } catch (JsonProcessingException e) {
            return ConfigurationResult.invalid(
                    List.of(
                            new ConfigurationError(
                                    "", "cannot read the document: " + e.getOriginalMessage())));
        }
    }

    /**
     * Reads and parses the UTF-8 file {@code file}. A file that is missing, unreadable or not
     * UTF-8 is a single {@link ConfigurationError} naming the file, like any other reason not to
     * start.
     */
    public static ConfigurationResult<JsonNode> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return fileError(file, "no such file");
        } catch (AccessDeniedException e) {
            return fileError(file, "permission denied");
        } catch (MalformedInputException e) {
            return fileError(file, "not UTF-8 text");
        } catch (IOException e) {
            return fileError(file, e.toString());
        }
        return read(text);
    }

    private static ConfigurationResult<JsonNode> fileError(Path file, String reason) {
        return ConfigurationResult.invalid(
                List.of(
                        new ConfigurationError(
                                "", "cannot read configuration file " + file + ": " + reason)));
    }

    private static ConfigurationError syntaxError(StreamReadException e) {
        JsonLocation at = e.getLocation();
        JsonParser parser = e.getProcessor();
        JsonPath path = parser == null ? JsonPath.ROOT : ParserPaths.pathOf(JsonPath.ROOT, parser);
        String where =
                at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ConfigurationError(
                path.text(), "JSON syntax error" + where + ": " + e.getOriginalMessage());
    }
}
