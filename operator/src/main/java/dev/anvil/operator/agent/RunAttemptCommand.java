package dev.anvil.operator.agent;

import com.google.protobuf.Timestamp;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.job.JobPlan;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.Argv;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.EnvVar;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.bus.AgentCommands;

/** Turns an Agent Job's attempt into the RunAttempt command; Secret values stay references the hub resolves. */
public final class RunAttemptCommand {

  private RunAttemptCommand() {
  }

  public static Command.Builder of(Job job, JobPlan.RunOnAgent run) {
    var meta = job.getMetadata();
    var task = job.getSpec().getAgent();
    var id = new AttemptId(meta.getUid(), run.attempt());
    var attempt = RunAttempt.newBuilder()
        .setJobNamespace(meta.getNamespace())
        .setJobName(meta.getName())
        .setJobUid(meta.getUid())
        .setAttempt(run.attempt())
        .setAttemptId(id.toString());
    if (task.getCommand() != null) {
      attempt.setCommand(Argv.newBuilder().addAllArgs(task.getCommand()));
    } else {
      attempt.setScript(task.getScript());
    }
    if (task.getEnv() != null) {
      for (var env : task.getEnv()) {
        var ref = env.getSecretKeyRef();
        attempt.addEnv(ref == null
            ? EnvVar.newBuilder().setName(env.getName()).setValue(env.getValue() == null ? "" : env.getValue())
            : EnvVar.newBuilder().setName(env.getName()).setSecret(true)
                .setValue(AgentCommands.secretRef(meta.getNamespace(), ref.getName(), ref.getKey())));
      }
    }
    if (task.getWorkingDir() != null) {
      attempt.setWorkingDir(task.getWorkingDir());
    }
    if (run.timeoutSeconds() != null) {
      attempt.setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(run.timeoutSeconds()));
    }
    if (run.deadline() != null) {
      attempt.setDeadline(Timestamp.newBuilder().setSeconds(run.deadline().getEpochSecond())
          .setNanos(run.deadline().getNano()));
    }
    return Command.newBuilder().setRunAttempt(attempt);
  }
}
