/**
 * The hook SPI: what a DHCP host calls on a hook library and what the hook may call back, in
 * JDK types only. It is the one package a host shares with every hook's class loader (with the
 * host's DHCP library and slf4j-api); everything else in a hook jar stays private to it.
 *
 * <p>Life cycle: the host's loader finds a {@link org.dhcpfailover.hook.spi.HookFactory} in the
 * jar with {@link java.util.ServiceLoader}, checks {@link org.dhcpfailover.hook.spi.HookFactory#spiVersion()},
 * calls {@link org.dhcpfailover.hook.spi.HookFactory#create create} (which validates the
 * parameters and opens nothing), then {@link org.dhcpfailover.hook.spi.Hook#start()} on every
 * hook in configuration order, and {@link org.dhcpfailover.hook.spi.Hook#stop()} in reverse order.
 *
 * <p>Per client message, a host asks {@link org.dhcpfailover.hook.spi.Hook#answer} whether to
 * answer at all, {@link org.dhcpfailover.hook.spi.Hook#allocate} which lease a client gets and for
 * how long, and reports what it did with {@link org.dhcpfailover.hook.spi.Hook#leaseEvent}.
 * Calls come from any number of host threads and never wait for the network.
 */
package org.dhcpfailover.hook.spi;
