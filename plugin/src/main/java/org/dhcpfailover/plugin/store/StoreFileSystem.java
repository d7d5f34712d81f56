package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.util.List;

/**
 * The few operations on one directory that the store needs, behind an interface so that tests
 * can run the real store over a file system that loses unforced writes on a simulated power
 * loss ({@code kill -9} cannot show a missing fsync: the page cache survives it).
 *
 * <p>Names are plain file names inside the directory. A creation, rename or deletion is only
 * promised to survive a power loss after {@link #syncDirectory()}.
 */
public interface StoreFileSystem {

    /** Opens {@code name} for reading and writing, creating it empty if it does not exist. */
    StoreFile open(String name) throws IOException;

    /** The names of the regular files in the directory, in no particular order. */
    List<String> list() throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
    void rename(String from, String to) throws IOException;

    /** Deletes {@code name}; deleting a file that does not exist is not an error. */
    void delete(String name) throws IOException;

    /** Makes creations, renames and deletions done so far durable (fsync of the directory). */
    void syncDirectory() throws IOException;

    /** Where the files live, for messages and reports. */
    String describe(String name);
}
