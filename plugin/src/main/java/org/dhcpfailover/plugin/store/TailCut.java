package org.dhcpfailover.plugin.store;

/**
 * A torn or damaged end of the newest log file that loading cut off: the bytes of a write that
 * a power loss interrupted, which no caller was ever told were durable. The caller logs it.
 *
 * @param file     the file, as the file system describes it
 * @param offset   where the cut was made (the end of the last valid record)
 * @param bytesCut how many bytes were removed
 * @param reason   what was wrong with the first removed record
 */
public record TailCut(String file, long offset, long bytesCut, String reason) {
}
