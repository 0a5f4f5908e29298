package dev.anvil.operator.job;

/**
 * What the bus has said so far about one agent attempt that the status may not hold yet.
 *
 * @param started the agent reported that the process started
 * @param finished how it ended, or null while nothing says so
 */
public record AgentReport(boolean started, AgentOutcome finished) {
}
