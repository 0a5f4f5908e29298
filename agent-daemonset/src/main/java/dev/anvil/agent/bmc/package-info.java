/**
 * The agent's side of BmcHosts: a protocol-neutral {@link dev.anvil.agent.bmc.BmcClient} with a Redfish and an IPMI
 * implementation in the sub-packages, and the values they report.
 */
package dev.anvil.agent.bmc;
