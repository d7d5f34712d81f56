package org.dhcpfailover.hook.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What a host tells a hook it creates. */
public interface HookContext {

    /** Which DHCP the host serves. */
    DhcpFamily family();

    /** The library's {@code "parameters"} object from the host's configuration, as JSON text. */
    String parametersJson();

    /**
     * The JSON path of the parameters in the host's configuration file, e.g.
     * {@code Dhcp4.hooks-libraries[0].parameters}, so that problems name one path scheme.
     */
    String parametersPath();

    /**
     * The host's folder for durable state. A hook keeps its files in a subfolder named after
     * itself; the host creates the folder and keeps nothing of its own there under that name.
     */
    Path storeDirectory();

    /** The host's pools, as the host's configuration defines them (pools are defined once). */
    List<PoolDescription> pools();

    /** The host's lease table, which the hook may read and write (see {@link HostLeases}). */
    HostLeases hostLeases();

    /** The host's clock. */
    Clock clock();
}
