package org.dhcpfailover.plugin.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The catalogue's rules, and docs/operations.md kept in step with it: an operator who greps
 * the operations guide for an ID finds exactly what the code logs.
 */
class LogMessageCatalogueTest {

    /** docs/operations.md, found from the module directory Maven runs tests in. */
    private static final Path OPERATIONS_GUIDE = Path.of("..", "docs", "operations.md");

    private static final Pattern ENTRY_HEADING =
            Pattern.compile("^### (FO_[A-Z0-9_]+) \\((DEBUG|INFO|WARN|ERROR)\\)$");

    @ParameterizedTest
    @EnumSource(LogMessage.class)
    void idsTemplatesAndExplanationsFollowTheConventions(LogMessage message) {
        assertTrue(message.id().matches("FO_[A-Z0-9_]+"), message.id());
        assertTrue(message.template().startsWith("{}: "),
                message.id() + ": the first argument must be the relationship or partner name");
        assertTrue(message.explanation().length() > 40, message.id() + ": explain it to an operator");
        assertTrue(message.explanation().endsWith("."), message.id());
    }

    record DocumentedEntry(String severity, String template, String explanation) {
    }

    @Test
    void operationsGuideListsExactlyTheCatalogue() throws IOException {
        Map<String, DocumentedEntry> documented = parseGuide(
                Files.readAllLines(OPERATIONS_GUIDE, StandardCharsets.UTF_8));

        Map<String, DocumentedEntry> expected = new LinkedHashMap<>();
        for (LogMessage message : LogMessage.values()) {
            expected.put(message.id(), new DocumentedEntry(message.severity().name(),
                    message.template(), message.explanation()));
        }
        assertEquals(expected, documented,
                "docs/operations.md must list every LogMessage with the same severity, "
                        + "template and explanation, in catalogue order");
    }

    /**
     * Reads entries of the form
     * <pre>
     * ### FO_ID (LEVEL)
     * `template`
     *
     * explanation, possibly over several lines
     * </pre>
     * The explanation ends at the next blank line or heading.
     */
    private static Map<String, DocumentedEntry> parseGuide(List<String> lines) {
        Map<String, DocumentedEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = ENTRY_HEADING.matcher(lines.get(i));
            if (!heading.matches()) {
                continue;
            }
            String templateLine = lines.get(i + 1).strip();
            assertTrue(templateLine.startsWith("`") && templateLine.endsWith("`"),
                    "template of " + heading.group(1) + " must follow its heading in backticks");
            List<String> paragraph = new ArrayList<>();
            int j = i + 2;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("#")) {
                paragraph.add(lines.get(j).strip());
                j++;
            }
            entries.put(heading.group(1), new DocumentedEntry(heading.group(2),
                    templateLine.substring(1, templateLine.length() - 1), String.join(" ", paragraph)));
        }
        return entries;
    }
}
