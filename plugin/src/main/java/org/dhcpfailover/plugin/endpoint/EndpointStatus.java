package org.dhcpfailover.plugin.endpoint;

/**
 * A snapshot of one relationship's endpoint for operators and tests.
 *
 * @param state own state
 * @param since when it was entered, absolute time
 * @param partnerState the partner's last announced (or stored, RFC 8156 §8.2) state, or {@code null}
 *     if never heard
 * @param partnerSince when the partner entered that state, absolute time, as its STATE said
 *     (OPTION_F_START_TIME_OF_STATE, §5.5.17) or as stored; {@link
 *     org.dhcpfailover.plugin.time.AbsoluteTime#NEVER} if never heard
 * @param connected whether a connection is open
 * @param communicationsOk whether communications are OK in the RFC 8156 §6.1 sense (the
 *     partner's STATE arrived on the current connection)
 * @param mcltSeconds the MCLT in force
 * @param lastContact when the last message from the partner arrived, absolute time; {@link
 *     org.dhcpfailover.plugin.time.AbsoluteTime#NEVER} if none since start
 * @param clockSkewSeconds the last message's receive time minus its sent-time (RFC 8156 §7.1;
 *     positive: the partner's clock is behind ours), whole seconds as the sent-time has; {@code
 *     null} if no message with a sent-time arrived since start
 * @param resync the last update request sent and how far its answer got
 */
public record EndpointStatus(EndpointState state, long since, EndpointState partnerState, long partnerSince,
        boolean connected, boolean communicationsOk, long mcltSeconds, long lastContact, Long clockSkewSeconds,
        ResyncProgress resync) {
}
