package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * The answer to one address or prefix of a received BNDUPD (RFC 8156 §7.5.3, §7.5.4): accepted,
 * or rejected with the status code the BNDREPLY carries (AddressInUse 16, ConfigurationConflict
 * 17, MissingBindingInformation 18, OutdatedBindingInformation 19).
 *
 * @param status {@link StatusCode#SUCCESS} when accepted, else the rejection code
 * @param reason a short explanation for logs and the STATUS_CODE text; empty when accepted
 */
public record UpdateVerdict(StatusCode status, String reason) {
    /** The update is taken. */
    public static final UpdateVerdict ACCEPTED = new UpdateVerdict(StatusCode.SUCCESS, "");

    public UpdateVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** A rejection with {@code status}. */
    public static UpdateVerdict reject(StatusCode status, String reason) {
        if (status.equals(StatusCode.SUCCESS)) {
            throw new IllegalArgumentException("a rejection needs an error code");
        }
        return new UpdateVerdict(status, reason);
    }

    /** Whether the update is taken. */
    public boolean accepted() {
        return status.equals(StatusCode.SUCCESS);
    }
}
