package dev.anvil.e2e.bench;

import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/** Watches held open with nothing to do, so a ceiling can be timed with the fan-out an operator run pays for. */
final class IdleWatches implements AutoCloseable {

  private final List<SharedIndexInformer<?>> informers;

  private IdleWatches(List<SharedIndexInformer<?>> informers) {
    this.informers = informers;
  }

  /** Starts an informer (list + watch, its cache kept up to date) on each target. */
  static IdleWatches open(List<Informable<?>> targets) {
    return new IdleWatches(targets.stream().<SharedIndexInformer<?>>map(Informable::inform).toList());
  }

  int count() {
    return informers.size();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
