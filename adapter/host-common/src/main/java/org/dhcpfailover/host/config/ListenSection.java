package org.dhcpfailover.host.config;

/** The "listen" object of either server: where it receives DHCP messages from clients and relays. */
interface ListenSection {
  String interfaceName();

  String address();

  Long port();
}
