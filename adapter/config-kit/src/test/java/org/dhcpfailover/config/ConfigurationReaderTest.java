package org.dhcpfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class ConfigurationReaderTest {

    @Test
    void acceptsJavaAndYamlStyleCommentsLikeKea() {
        ConfigurationResult<?> result =
                ConfigurationReader.read(
                        """
        # shell-style comment
        { // line comment
          /* block comment */ "a": 1 }
        """);
        assertTrue(result.isValid(), result.errors().toString());
    }

    @Test
    void reportsASyntaxErrorWithItsLineAndColumn() {
        ConfigurationResult<?> result = ConfigurationReader.read("{\n  \"a\": 1,\n  \"b\": }\n");
        assertEquals(1, result.errors().size());
        String error = result.errors().get(0).toString();
        assertTrue(
                error.startsWith(
                        "b: JSON syntax error at line 3, column 8: Unexpected character ('}'"),
                error);
    }

    @Test
    void aDuplicatedKeyIsAnErrorNotASilentOverride() {
        ConfigurationResult<?> result = ConfigurationReader.read("{ \"a\": 1,\n \"a\": 2 }");
        assertEquals(
                List.of("a: JSON syntax error at line 2, column 5: Duplicate field 'a'"),
                result.errors().stream().map(Object::toString).toList());
    }

    @Test
    void anEmptyDocumentIsAnError() {
        assertEquals(
                List.of(
                        new ConfigurationError(
                                "", "the document is empty; a JSON object is expected")),
                ConfigurationReader.read("  // nothing\n").errors());
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("primary.json");
        assertEquals(
                List.of("cannot read configuration file " + file + ": no such file"),
                ConfigurationReader.read(file).errors().stream().map(Object::toString).toList());
    }

    @Test
    void aFileThatIsNotUtf8IsAConfigurationError(@TempDir Path dir) throws IOException {
        Path file =
                Files.write(
                        dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertEquals(
                List.of("cannot read configuration file " + file + ": not UTF-8 text"),
                ConfigurationReader.read(file).errors().stream().map(Object::toString).toList());
    }

    @Test
    void aFileIsReadAndParsed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ok.json"), "{ \"a\": 1 }");
        assertTrue(ConfigurationReader.read(file).isValid());
    }
}
