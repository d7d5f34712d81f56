package org.dhcpfailover.plugin.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8156 §8.1, §8.2: state-machine data on stable storage, replaced atomically. */
class FileEndpointStateStoreTest {

    @TempDir
    Path directory;

    private static final PersistedEndpointState PARTNER_DOWN_STATE = new PersistedEndpointState(
            EndpointState.PARTNER_DOWN, 757_382_400L, EndpointState.COMMUNICATIONS_INTERRUPTED,
            757_382_000L, 757_390_000L, true);

    @Test
    void nothingStoredYet_isEmpty() throws IOException {
        assertEquals(Optional.empty(), FileEndpointStateStore.forRelationship(directory, "failover-1").load());
    }

    @Test
    void savedStateIsReadBackByANewStore() throws IOException {
        FileEndpointStateStore.forRelationship(directory, "failover-1").save(PARTNER_DOWN_STATE);

        assertEquals(Optional.of(PARTNER_DOWN_STATE),
                FileEndpointStateStore.forRelationship(directory, "failover-1").load());
    }

    @Test
    void unknownPartnerStateRoundTrips() throws IOException {
        PersistedEndpointState fresh = new PersistedEndpointState(EndpointState.RECOVER, 5, null, 0, 6, false);
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory, "r");
        store.save(fresh);
        assertEquals(Optional.of(fresh), store.load());
    }

    @Test
    void aSaveReplacesTheOldStateAndLeavesNoTemporaryFile() throws IOException {
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory, "failover-1");
        store.save(new PersistedEndpointState(EndpointState.NORMAL, 1, EndpointState.NORMAL, 1, 2, true));
        store.save(PARTNER_DOWN_STATE);

        assertEquals(Optional.of(PARTNER_DOWN_STATE), store.load());
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "only the state file remains");
        }
    }

    @Test
    void aCrashMidWriteLeavesTheOldState() throws IOException {
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory, "failover-1");
        store.save(PARTNER_DOWN_STATE);
        // A crash after writing half of the temporary file and before the rename:
        Files.writeString(store.file().resolveSibling(store.file().getFileName() + ".tmp"),
                "format=rfc8156-endpoint-state/1\nstate=NOR", StandardCharsets.UTF_8);

        assertEquals(Optional.of(PARTNER_DOWN_STATE), store.load());
        store.save(PARTNER_DOWN_STATE); // and the next save overwrites the leftover
        assertEquals(Optional.of(PARTNER_DOWN_STATE), store.load());
    }

    @Test
    void aDamagedFileIsReportedNotForgotten() throws IOException {
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory, "failover-1");
        Files.writeString(store.file(), "format=rfc8156-endpoint-state/1\nstate=SLEEPING\n", StandardCharsets.UTF_8);

        IOException error = assertThrows(IOException.class, store::load);

        assertEquals("cannot read endpoint state file " + store.file()
                + ": 'state' is not an endpoint state: SLEEPING", error.getMessage());
    }

    @Test
    void aFileOfAnotherFormatIsReported() throws IOException {
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory, "failover-1");
        Files.writeString(store.file(), "hello\n", StandardCharsets.UTF_8);

        IOException error = assertThrows(IOException.class, store::load);
        assertTrue(error.getMessage().endsWith("unknown format 'null', expected rfc8156-endpoint-state/1"));
    }

    @Test
    void aMissingStoreDirectoryFailsTheSave() {
        FileEndpointStateStore store = FileEndpointStateStore.forRelationship(directory.resolve("gone"), "r");

        assertThrows(IOException.class, () -> store.save(PARTNER_DOWN_STATE));
    }

    @Test
    void relationshipNamesMapToSafeDistinctFileNames() {
        assertEquals("failover-1", FileEndpointStateStore.fileNameSafe("failover-1"));
        assertEquals("..%2Fetc", FileEndpointStateStore.fileNameSafe("../etc"));
        assertEquals("100%25", FileEndpointStateStore.fileNameSafe("100%"));
        assertEquals("a%20b%C3%A9", FileEndpointStateStore.fileNameSafe("a bé"));
        assertFalse(FileEndpointStateStore.fileNameSafe("a/b").contains("/"));
    }
}
