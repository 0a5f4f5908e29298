package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcObservation;
import java.time.Duration;

/** Hears every poll of every served host (reported or not), e.g. to export metrics. */
public interface PollListener {

  /** No one listens. */
  PollListener NONE = new PollListener() {
    @Override
    public void polled(String host, BmcObservation observation, Duration took) {
    }

    @Override
    public void released(String host) {
    }
  };

  /** A poll of {@code host} ({@code <namespace>/<name>}) ended with {@code observation} after {@code took}. */
  void polled(String host, BmcObservation observation, Duration took);

  /** The agent stopped serving {@code host}. */
  void released(String host);
}
