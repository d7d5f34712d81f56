package org.dhcpfailover.host.log;

/**
 * The catalogue of every line the host launchers log (the plugin has its own, {@code FO_*}). Each
 * constant's name is its stable message ID; {@code docs/operations.md} lists the same entries and
 * a test keeps the two in step. Add an entry together with the code that emits it.
 */
public enum HostMessage {

    HOST_CONFIG_REJECTED(Level.ERROR,
            "{}: invalid configuration: {}",
            "The configuration file has an error, named by its JSON path; nothing was started. One line is logged per error: correct all of them and start again."),

    HOST_HOOK_LOADED(Level.INFO,
            "hook library {} loaded: {} (hook SPI version {})",
            "A hook library was found in the plugin directory, its parameters passed validation and it is about to start. Nothing to do."),

    HOST_HOOK_START_FAILED(Level.ERROR,
            "hook library {} failed to start: {}",
            "A hook library could not start (for instance its store or its listening socket could not be opened), so the host does not serve: the hooks already started were stopped. The reason names what to fix."),

    HOST_HOOK_STOPPED(Level.INFO,
            "hook library {} stopped",
            "A hook library was stopped as the host shuts down (in the reverse of the configured order). Nothing to do."),

    HOST_HOOK_STOP_FAILED(Level.WARN,
            "hook library {} failed while stopping: {}",
            "A hook library threw while stopping; the host went on stopping the others. Check the hook's own lines just before this one: its files were closed as far as it got."),

    HOST_HOOK_CALL_FAILED(Level.ERROR,
            "hook library {} failed in {}: {} (client message dropped; {} such failures so far)",
            "A hook library threw while handling a client message. The host did not answer that client (the failover partner may); it goes on serving. The line repeats at most once a minute per hook and call, with the running count. Report it with the stack trace logged at DEBUG.");

    private final Level level;
    private final String template;
    private final String explanation;

    HostMessage(Level level, String template, String explanation) {
        this.level = level;
        this.template = template;
        this.explanation = explanation;
    }

    public Level level() {
        return level;
    }

    /** The line after the ID, with slf4j {@code {}} placeholders. */
    public String template() {
        return template;
    }

    /** What the line means and what the operator does about it. */
    public String explanation() {
        return explanation;
    }

    /** Severity, as slf4j names it. */
    public enum Level { ERROR, WARN, INFO, DEBUG }
}
