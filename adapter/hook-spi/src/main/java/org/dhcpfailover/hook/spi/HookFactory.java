package org.dhcpfailover.hook.spi;

/**
 * The entry point of a hook library, found by {@link java.util.ServiceLoader} in the library's
 * jar ({@code META-INF/services/org.dhcpfailover.hook.spi.HookFactory}). A jar holds exactly one.
 */
public interface HookFactory {

    /**
     * The SPI version this build of the SPI defines. Raised on every incompatible change; a host
     * refuses a hook whose {@link #spiVersion()} differs from its own.
     */
    int SPI_VERSION = 1;

    /**
     * The SPI version the hook was compiled against. Implementations return the constant
     * {@link #SPI_VERSION} as it was when they were compiled (the compiler inlines it).
     */
    int spiVersion();

    /** A short name for logs, e.g. {@code "dhcp-failover"}. */
    String name();

    /**
     * Validates the hook's parameters and builds the hook, without opening sockets or files yet.
     *
     * @throws HookConfigurationException listing every problem with the parameters, each with
     *     its JSON path below {@link HookContext#parametersPath()}
     */
    Hook create(HookContext context) throws HookConfigurationException;
}
