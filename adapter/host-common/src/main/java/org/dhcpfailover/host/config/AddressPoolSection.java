package org.dhcpfailover.host.config;

/** An address pool as written, in either server ("pools" of Dhcp6 or Dhcp4). */
interface AddressPoolSection {
  String name();

  /** "first - last" or "prefix/length". */
  String pool();

  Long validLifetime();

  /** Null when absent, and always for DHCPv4, which has no preferred lifetime. */
  Long preferredLifetime();
}
