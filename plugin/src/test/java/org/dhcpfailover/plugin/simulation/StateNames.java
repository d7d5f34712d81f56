package org.dhcpfailover.plugin.simulation;

import org.dhcpfailover.plugin.endpoint.EndpointState;

/** State names as RFC 8156 §8 spells them ("RECOVER-WAIT"), for literal paths in tests. */
final class StateNames {

    private StateNames() {
    }

    static String of(EndpointState state) {
        return state.name().replace('_', '-');
    }

    static EndpointState parse(String name) {
        return EndpointState.valueOf(name.replace('-', '_'));
    }
}
