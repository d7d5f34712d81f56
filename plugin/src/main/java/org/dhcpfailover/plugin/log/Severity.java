package org.dhcpfailover.plugin.log;

/**
 * How serious a catalogued log message is. The plugin keeps its own small enum rather than
 * {@code org.slf4j.event.Level} because the plugin logs through whichever slf4j-api the host
 * provides, and older 1.7 APIs (anarres pins 1.7.12) lack that class.
 */
public enum Severity {
    DEBUG,
    INFO,
    WARN,
    ERROR
}
