package org.dhcpfailover.plugin.log;

import static org.dhcpfailover.plugin.log.Severity.ERROR;
import static org.dhcpfailover.plugin.log.Severity.INFO;

/**
 * The catalogue of every line the failover plugin logs (the pattern of Kea's
 * {@code ha_messages.mes}). Each constant's name is its stable message ID, which operators
 * grep for and monitoring keys on; an ID is never reused for a different meaning.
 *
 * <p>Every template's first placeholder is the relationship (or partner) the line is about, so
 * a server with several partners (RFC 7031 R3) always says which one. The explanation tells an
 * operator what the line means and what to do; {@code docs/operations.md} lists the same
 * entries and a test keeps the two in step.
 *
 * <p>Add an entry together with the code that emits it, never ahead of it.
 */
public enum LogMessage {

    FO_CONFIG_ACCEPTED(INFO,
            "{}: relationship configured: this server {} is {} of partner {} at {}, MCLT {} s, pools {}",
            "The failover parameters of this relationship passed validation and the plugin will "
                    + "serve it with these settings. Check that the partner logs the mirror image "
                    + "(opposite role, same relationship name and MCLT)."),

    FO_CONFIG_REJECTED(ERROR,
            "{}: invalid failover configuration: {}",
            "The failover parameters contain an error, named by its JSON path, and the plugin "
                    + "refuses to start rather than run half-configured. One line is logged per "
                    + "error; correct all of them in the configuration file and start again.");

    private final Severity severity;
    private final String template;
    private final String explanation;

    LogMessage(Severity severity, String template, String explanation) {
        this.severity = severity;
        this.template = template;
        this.explanation = explanation;
    }

    /** The stable message ID, printed at the start of every line. */
    public String id() {
        return name();
    }

    public Severity severity() {
        return severity;
    }

    /** slf4j-style template; the first {@code {}} is the relationship or partner name. */
    public String template() {
        return template;
    }

    /** What the line means and what an operator should do about it. */
    public String explanation() {
        return explanation;
    }

    /** Number of {@code {}} placeholders, i.e. the arguments a call must supply. */
    public int argumentCount() {
        int count = 0;
        for (int i = template.indexOf("{}"); i >= 0; i = template.indexOf("{}", i + 2)) {
            count++;
        }
        return count;
    }
}
