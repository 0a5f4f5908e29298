package dev.anvil.agent;

import dev.anvil.agent.bmc.BmcService;
import dev.anvil.agent.console.ConsoleService;
import dev.anvil.agent.hub.CommandHandler;
import dev.anvil.agent.jobs.CommandPosition;
import dev.anvil.agent.jobs.JobService;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.BmcServing;
import dev.anvil.protocol.agent.v1.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's one {@link CommandHandler}: hands each command, in command_seq order and once (the shared
 * {@link CommandPosition}), to the service of its kind: BmcHost commands to the {@link BmcService} (a released host's
 * consoles end too), the rest to the {@link JobService}.
 */
final class CommandRouter implements CommandHandler {

  private final JobService jobs;
  private final BmcService bmc;
  private final ConsoleService consoles;
  private final CommandPosition position;

  CommandRouter(JobService jobs, BmcService bmc, ConsoleService consoles, CommandPosition position) {
    this.jobs = jobs;
    this.bmc = bmc;
    this.consoles = consoles;
    this.position = position;
  }

  @Override
  public synchronized long execute(Command command) {
    return switch (command.getKindCase()) {
      case SERVE_BMC_HOST, BMC_ACTION -> position.executeOnce(command.getCommandSeq(), () -> bmc.execute(command));
      case RELEASE_BMC_HOST -> position.executeOnce(command.getCommandSeq(), () -> {
        bmc.execute(command);
        consoles.hostReleased(command.getReleaseBmcHost().getHostUid());
      });
      default -> jobs.execute(command);
    };
  }

  @Override
  public long executedCommandSeq() {
    return position.executed();
  }

  @Override
  public List<String> runningAttemptIds() {
    return jobs.runningAttemptIds();
  }

  @Override
  public List<String> features() {
    var features = new ArrayList<>(jobs.features());
    features.add(Features.BMC);
    features.addAll(ConsoleService.FEATURES);
    return features;
  }

  @Override
  public List<BmcServing> bmcHosts() {
    return bmc.served();
  }
}
