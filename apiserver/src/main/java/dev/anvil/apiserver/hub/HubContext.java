package dev.anvil.apiserver.hub;

/** What every agent session of one hub shares. */
record HubContext(HubProperties properties, String replicaId, AgentRegistryWriter registry, ReportStore reports,
    LocalSessions sessions, CommandPoller poller, SecretEnvResolver secrets, BmcSecretResolver bmcSecrets,
    CommandRefusals refusals) {
}
