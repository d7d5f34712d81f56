package org.dhcpfailover.plugin.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/** A link that keeps what the endpoint sends and whether it asked to close. */
final class RecordingLink implements PartnerLink {

    final List<FailoverMessage> sent = new ArrayList<>();
    String closedBecause;

    @Override
    public void send(FailoverMessage message) {
        sent.add(message);
    }

    @Override
    public void close(String reason) {
        closedBecause = reason;
    }

    @Override
    public String peer() {
        return "[fd00:99::2]:647";
    }

    List<String> types() {
        return sent.stream().map(m -> m.type().name()).toList();
    }

    FailoverMessage last() {
        return sent.get(sent.size() - 1);
    }
}
