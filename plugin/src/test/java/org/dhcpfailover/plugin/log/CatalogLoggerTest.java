package org.dhcpfailover.plugin.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CatalogLoggerTest {

    private final RecordingLogger backend = new RecordingLogger(Level.INFO);
    private final CatalogLogger log = CatalogLogger.wrap(backend);

    @Test
    void everyLineStartsWithItsIdAndTheRelationship() {
        log.log(LogMessage.FO_CONFIG_REJECTED, "failover-1", "failover[0].mclt: too small");

        assertEquals(1, backend.lines.size());
        RecordingLogger.Line line = backend.lines.get(0);
        assertEquals(Level.ERROR, line.level());
        assertEquals("FO_CONFIG_REJECTED failover-1: invalid failover configuration: "
                + "failover[0].mclt: too small", line.text());
    }

    @Test
    void aTrailingThrowableIsLoggedAsTheCause() {
        IllegalStateException cause = new IllegalStateException("boom");
        log.log(LogMessage.FO_CONFIG_REJECTED, "failover-1", "reason", cause);

        assertSame(cause, backend.lines.get(0).cause());
    }

    @Test
    void aWrongArgumentCountIsAProgrammingError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> log.log(LogMessage.FO_CONFIG_REJECTED, "failover-1"));
        assertEquals("FO_CONFIG_REJECTED takes 2 arguments, got 1", error.getMessage());
        assertTrue(backend.lines.isEmpty());
    }

    @Test
    void enabledFollowsTheBackendThreshold() {
        CatalogLogger quiet = CatalogLogger.wrap(new RecordingLogger(Level.ERROR));
        assertFalse(quiet.isEnabled(LogMessage.FO_CONFIG_ACCEPTED));
        assertTrue(quiet.isEnabled(LogMessage.FO_CONFIG_REJECTED));
    }
}
