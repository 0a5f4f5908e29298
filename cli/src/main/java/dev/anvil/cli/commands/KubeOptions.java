package dev.anvil.cli.commands;

import dev.anvil.cli.kube.ApiClient;
import dev.anvil.cli.kube.KubeconfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options kubectl itself takes for choosing cluster, user and namespace, on every command. */
public final class KubeOptions {

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use (default: current).")
  String context;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "The namespace (default: the context's, else default).")
  String namespace;

  /** A client for the apiserver the options lead to. */
  public ApiClient client() {
    return new ApiClient(KubeconfigReader.read(kubeconfig, context, namespace));
  }
}
