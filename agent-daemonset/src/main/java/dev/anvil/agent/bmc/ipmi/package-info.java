/**
 * IPMI 2.0 over RMCP+ (UDP): {@link dev.anvil.agent.bmc.ipmi.IpmiClient} implements
 * {@link dev.anvil.agent.bmc.BmcClient} with a compact codec and session of its own, written from the IPMI 2.0
 * specification (rev. 1.1) and the Platform Management FRU Information Storage Definition 1.0, on the JDK alone
 * (javax.crypto for HMAC and AES, one {@link java.net.DatagramSocket} per session).
 *
 * <p>Layers, bottom up: {@link dev.anvil.agent.bmc.ipmi.RmcpPacket} and {@link dev.anvil.agent.bmc.ipmi.IpmiMessage}
 * (wire format), {@link dev.anvil.agent.bmc.ipmi.SessionKeys} (SIK, K1, K2; integrity and AES-CBC-128),
 * {@link dev.anvil.agent.bmc.ipmi.RakpHandshake} (Open Session, RAKP 1-4), {@link dev.anvil.agent.bmc.ipmi.UdpLink}
 * (up to four sends within the endpoint's timeout), {@link dev.anvil.agent.bmc.ipmi.IpmiSession} (sequence numbers,
 * one request in flight, login again when the BMC forgot the session, keep-alive) and
 * {@link dev.anvil.agent.bmc.ipmi.AtMostOnceCall} (resets and power cycles are never carried out twice: ipmi_sim
 * runs a retransmitted Chassis Control again), then one small class per command family.
 *
 * <p>Serial over LAN (payload type 1, IPMI 2.0 chapter 15): {@link dev.anvil.agent.bmc.ipmi.SolSession} logs in on a
 * session of its own and activates the payload (Activate Payload, encrypted and authenticated as the session is;
 * completion code 80h, already active elsewhere, fails as REJECTED unless {@code takeOver} deactivates the other
 * session's first, as {@code ipmitool sol deactivate} does). While SOL is active a reader thread owns the socket
 * ({@link dev.anvil.agent.bmc.ipmi.IpmiSession#seal} and {@code unseal} sign and verify its packets), feeding
 * {@link dev.anvil.agent.bmc.ipmi.SolStateMachine}: {@link dev.anvil.agent.bmc.ipmi.SolPacket}s, one of ours in
 * flight at a time (sequence 1-15, 0 for an acknowledgement only), resent under the same number every 500 ms up to
 * six sends, the part a NACK did not accept sent again under a new number once the BMC is ready, host output
 * acknowledged with its length and a retransmission of it acknowledged but not delivered twice, and the BMC's
 * "deactivating" status ending the session. The session opens with an empty data packet, because ipmi_sim keeps the
 * last accepted packet number across activations and would otherwise drop a new session's first characters as a
 * duplicate. SOL has no keep-alive, so every 30 s Get Payload Instance Info keeps the session alive and shows whether
 * another session took SOL over (ipmi_sim tells the old owner nothing). Typed input blocks when its buffer is full;
 * host output the listener does not take in time is dropped oldest first, so the BMC never waits on a slow viewer.
 * Close deactivates only while this session still holds the payload, then logs out.
 *
 * <p>Why not {@code org.metricshub:ipmi-java} 1.2.01 (LGPL-3.0, evaluated from its sources): it has no Set System
 * Boot Options at all and no SEL reading in its client layer; it keeps JVM-wide mutable state that breaks many BMCs
 * polled in parallel ({@code ConnectionManager.reservedTags} is a static list that every new connector replaces,
 * message tags come from one static counter modulo 60, session ids from a static counter), waits for answers by
 * spinning {@code Thread.sleep(1)} on a non-volatile field, and takes timeouts and retries from a process-wide
 * properties singleton rather than per BMC; it falls back to cipher suite 0 (no authentication, integrity or
 * encryption) when no suite is chosen and picks suites by list position rather than id; it retransmits every command
 * alike, chassis control included; its sensor conversion reads the accuracy exponent with an operator-precedence bug
 * ({@code & 0xc >> 2}) and converts thresholds before it has read the linearisation; and failures surface as bare
 * {@code Exception}s that would have to be parsed to tell a wrong password from an unreachable BMC. Its 279 files
 * are also far more than the agent needs, and LGPL-3.0 adds relinking obligations to the agent image.
 */
package dev.anvil.agent.bmc.ipmi;
