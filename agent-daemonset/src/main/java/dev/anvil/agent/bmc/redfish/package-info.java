/**
 * The Redfish {@link dev.anvil.agent.bmc.BmcClient}: {@link dev.anvil.agent.bmc.redfish.RedfishClient} composes the
 * transport ({@code RedfishHttp}, {@code RedfishTls}), authentication ({@code RedfishSession}), the JSON service
 * ({@code RedfishService}) and tolerant readers of each part of a poll (system, power actions, boot override,
 * inventory, sensors, event log), which unit tests drive from plain JSON through {@code ResourceSource}.
 */
package dev.anvil.agent.bmc.redfish;
