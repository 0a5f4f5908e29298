/**
 * A real IPMI BMC for tests and benchmarks: {@link dev.anvil.sim.ipmi.IpmiSimulator} runs OpenIPMI's
 * {@code ipmi_sim} with sensors, an event log and a FRU inventory, and cross-checks it with {@code ipmitool}.
 */
package dev.anvil.sim.ipmi;
