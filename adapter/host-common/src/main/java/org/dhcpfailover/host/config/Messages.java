package org.dhcpfailover.host.config;

/** Message texts shared by several keys of the host configuration. */
final class Messages {

    static final String REQUIRED = "is required";

    static final String INTERFACE_REQUIRED =
            "is required: the network interface the server answers clients on";

    static final String LIBRARY_REQUIRED =
            "is required: the file name of the hook library's jar in the plugin directory";

    private Messages() {}
}
