package org.dhcpfailover.host.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists exactly the host's catalogue, so an operator grepping an ID finds it. */
class HostMessageCatalogueTest {

    private static final Path OPERATIONS_GUIDE = Path.of("..", "..", "docs", "operations.md");

    /** The guide's form of one entry: heading, template in backticks, explanation on one line. */
    static String entry(HostMessage message) {
        return "### " + message.name() + " (" + message.level() + ")\n`" + message.template() + "`\n\n"
                + message.explanation() + "\n";
    }

    @Test
    void operationsGuideListsExactlyTheHostCatalogue() throws IOException {
        String guide = Files.readString(OPERATIONS_GUIDE, StandardCharsets.UTF_8);
        for (HostMessage message : HostMessage.values()) {
            assertTrue(guide.contains(entry(message)), "docs/operations.md must hold, verbatim:\n" + entry(message));
        }
        List<String> headings = guide.lines().filter(line -> line.startsWith("### HOST_")).toList();
        assertEquals(Arrays.stream(HostMessage.values()).map(m -> "### " + m.name() + " (" + m.level() + ")").toList(),
                headings, "no other HOST_ entries, in catalogue order");
    }

    @Test
    void explanationsTellTheOperatorWhatToDo() {
        for (HostMessage message : HostMessage.values()) {
            assertTrue(message.name().matches("HOST_[A-Z0-9_]+"), message.name());
            assertTrue(message.explanation().length() > 40 && message.explanation().endsWith("."), message.name());
        }
    }
}
