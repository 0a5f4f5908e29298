package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** A process for the node agent to run, and which agents may run it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.command) != has(self.script)", message = "set exactly one of agent.command or agent.script")
public class AgentTask {

  @JsonPropertyDescription("Agents eligible to run the Job, by their labels (agents carry anvil.dev/datacenter, "
      + "anvil.dev/node and their own labels). Unset means any agent.")
  private LabelSelector selector;

  @JsonPropertyDescription("Run only on the agent of this Kubernetes node.")
  private String nodeName;

  @JsonPropertyDescription("Run only on agents of this datacenter.")
  private String datacenter;

  @JsonPropertyDescription("Program and arguments, executed directly (no shell). Exactly one of command or script.")
  @Size(min = 1)
  private List<String> command;

  @JsonPropertyDescription("Shell script run with /bin/sh -e. Exactly one of command or script.")
  private String script;

  @JsonPropertyDescription("Environment variables added to the agent's environment. $ANVIL_RESULTS names a directory "
      + "where each file becomes a result (file name = key, content = value). At most 64.")
  @Size(max = 64)
  private List<AgentEnvVar> env;

  @JsonPropertyDescription("Working directory of the process. Default: a fresh directory per attempt.")
  private String workingDir;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  public String getDatacenter() {
    return datacenter;
  }

  public void setDatacenter(String datacenter) {
    this.datacenter = datacenter;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public String getScript() {
    return script;
  }

  public void setScript(String script) {
    this.script = script;
  }

  public List<AgentEnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<AgentEnvVar> env) {
    this.env = env;
  }

  public String getWorkingDir() {
    return workingDir;
  }

  public void setWorkingDir(String workingDir) {
    this.workingDir = workingDir;
  }
}
