package org.dhcpfailover.plugin.binding;

/**
 * What to do with the local lease after rejecting a partner's update as outdated (RFC 8156
 * §7.5.4, digest §8.3 step 6): the partner needs this server's newer version, so the lease is
 * marked; it MAY be sent at once (after the BNDREPLY) if it was not marked before, but SHOULD
 * NOT be if it already was: then the periodic scan sends it, which stops two servers from
 * bouncing updates back and forth.
 *
 * @param binding the local binding, now marked
 * @param sendNow whether to send a BNDUPD right after the BNDREPLY
 */
public record OutdatedFollowUp(Binding binding, boolean sendNow) {

    /** The follow-up for {@code local} after an OutdatedBindingInformation reject. */
    public static OutdatedFollowUp after(Binding local) {
        if (local.sync().partnerMustBeTold()) {
            return new OutdatedFollowUp(local, false);
        }
        // SENT, not PENDING: the partner already holds a version of this lease, so it is not a
        // state "no BNDUPD was sent about" and must not let an EXPIRED / RELEASED lease go back
        // to its client (§4.2.2.1, §8.8.1); it is still marked, so it is sent again.
        return new OutdatedFollowUp(local.withSync(PartnerSync.SENT), true);
    }
}
