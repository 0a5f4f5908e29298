package dev.anvil.agent.bmc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link BmcClientFactory} handing out a new {@link FakeBmcClient} per open, and remembering each. */
public final class FakeBmcClients implements BmcClientFactory {

  public final List<FakeBmcClient> opened = new CopyOnWriteArrayList<>();
  private volatile Consumer<FakeBmcClient> setUp = c -> { };

  /** Prepares every client opened from now on (e.g. a failure it should answer with). */
  public FakeBmcClients onOpen(Consumer<FakeBmcClient> setUp) {
    this.setUp = setUp;
    return this;
  }

  @Override
  public BmcClient open(BmcEndpoint endpoint) {
    var client = new FakeBmcClient(endpoint);
    setUp.accept(client);
    opened.add(client);
    return client;
  }

  /** The client opened last. */
  public FakeBmcClient last() {
    return opened.get(opened.size() - 1);
  }
}
