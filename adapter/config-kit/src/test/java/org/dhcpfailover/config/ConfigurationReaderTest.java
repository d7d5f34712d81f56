package org.dhcpfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationReaderTest {

  @Test
  void acceptsJavaAndYamlStyleCommentsLikeKea() {
    ConfigurationResult<?> result = ConfigurationReader.read("""
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
    assertTrue(error.startsWith("b: JSON syntax error at line 3, column 8: Unexpected character ('}'"), error);
  }

  @Test
  void aDuplicatedKeyIsAnErrorNotASilentOverride() {
    ConfigurationResult<?> result = ConfigurationReader.read("{ \"a\": 1,\n \"a\": 2 }");
    assertEquals(List.of("a: JSON syntax error at line 2, column 5: Duplicate field 'a'"),
        result.errors().stream().map(Object::toString).toList());
  }

  @Test
  void anEmptyDocumentIsAnError() {
    assertEquals(List.of(new ConfigurationError("", "the document is empty; a JSON object is expected")),
        ConfigurationReader.read("  // nothing\n").errors());
  }
}
