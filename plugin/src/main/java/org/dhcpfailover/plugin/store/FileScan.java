package org.dhcpfailover.plugin.store;

/**
 * What reading one store file found: how many whole records, where the valid part ends and,
 * if it ends before the file does, why, and whether a valid record follows the damage (then
 * it is damage in the middle, not a torn tail).
 *
 * @param records          whole, checksummed records read from the start
 * @param validLength      the offset just past the last of them
 * @param fileLength       the file's length
 * @param damage           why the record at {@code validLength} is unreadable, or null if none
 * @param nextValidOffset  the offset of the first valid record after the damage, or -1
 */
record FileScan(long records, long validLength, long fileLength, String damage, long nextValidOffset) {

    boolean damaged() {
        return damage != null;
    }

    /** Damage with valid records behind it cannot be a write torn by a power loss. */
    boolean damagedInTheMiddle() {
        return damaged() && nextValidOffset >= 0;
    }
}
