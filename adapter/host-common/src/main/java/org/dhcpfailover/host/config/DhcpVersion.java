package org.dhcpfailover.host.config;

/** Which protocol a host configuration serves: the top-level key, "Dhcp6" or "Dhcp4". */
public enum DhcpVersion {
    DHCPV6("Dhcp6"),
    DHCPV4("Dhcp4");

    private final String key;

    DhcpVersion(String key) {
        this.key = key;
    }

    /** The top-level JSON key of this version's configuration. */
    public String key() {
        return key;
    }
}
