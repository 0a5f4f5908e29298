package dev.anvil.agent.bmc;

import java.util.Set;

/**
 * One logged-in connection to one BMC, whatever its protocol (Redfish or IPMI). Safe to call from several threads;
 * implementations serialise what their protocol needs serialised. Every failure is a {@link BmcException} whose
 * message never carries a credential.
 */
public interface BmcClient extends AutoCloseable {

  /** Everything the BmcHost status shows, read in one pass: power, health, boot, inventory, sensors, event log. */
  BmcSnapshot read() throws BmcException;

  /** The current power state only (cheap: used to confirm a power action). */
  PowerStatus power() throws BmcException;

  /** The power actions this BMC accepts (Redfish: {@code ResetType@Redfish.AllowableValues}). */
  Set<ResetAction> supportedActions() throws BmcException;

  /** Carries out a power action; {@link BmcException.Kind#UNSUPPORTED} when the BMC does not offer it. */
  void reset(ResetAction action) throws BmcException;

  /** Sets (or, with {@link BootSettings.Persistence#Disabled}, clears) the boot override. */
  void setBootOverride(BootSettings boot) throws BmcException;

  /** Logs out and releases the connection; never throws. */
  @Override
  void close();
}
