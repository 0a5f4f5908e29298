package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.OutageLog;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every agent session of one hub shares.
 *
 * @param timer   runs the sessions' retries after a central Redis failure
 * @param outages what the sessions say about central Redis outages: once per outage for all of them
 */
record HubContext(HubProperties properties, String replicaId, AgentRegistryWriter registry, ReportStore reports,
    LocalSessions sessions, CommandPoller poller, SecretEnvResolver secrets, BmcSecretResolver bmcSecrets,
    CommandRefusals refusals, AgentConsoles consoles, ScheduledExecutorService timer, OutageLog outages) {
}
