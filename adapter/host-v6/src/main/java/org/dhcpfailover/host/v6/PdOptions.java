package org.dhcpfailover.host.v6;

import org.anarres.dhcp.v6.options.Dhcp6OptionsRegistry;

/** Adds prefix delegation's options, which anarres dhcp4j 1.0.9 lacks, to its option registry. */
final class PdOptions {

    private PdOptions() {}

    /**
     * Registers {@link IaPdOption} and {@link IaPrefixOption} in the library's global registry,
     * once (the registry refuses a tag twice). Called before the server receives anything: the
     * registry is a plain map, safe to read from many threads only once nobody writes it.
     */
    static synchronized void register() {
        Dhcp6OptionsRegistry registry = Dhcp6OptionsRegistry.getInstance();
        if (registry.getOptionType(IaPdOption.TAG) == null) {
            registry.addOptionType(IaPdOption.class);
        }
        if (registry.getOptionType(IaPrefixOption.TAG) == null) {
            registry.addOptionType(IaPrefixOption.class);
        }
    }
}
