package dev.anvil.cli.kube;

/** The kubeconfig cannot be read or does not lead to a usable connection; the message says what to fix. */
public final class KubeconfigException extends RuntimeException {

  public KubeconfigException(String message, Throwable cause) {
    super(message, cause);
  }

  public KubeconfigException(String message) {
    super(message);
  }
}
