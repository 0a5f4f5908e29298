/**
 * A Redfish BMC simulator: {@link dev.anvil.sim.redfish.RedfishSimulator} serves a DMTF mockup over HTTPS with
 * sessions, Reset, Boot override PATCH and ETags, and lets tests make it slow, failing or unreachable.
 */
package dev.anvil.sim.redfish;
