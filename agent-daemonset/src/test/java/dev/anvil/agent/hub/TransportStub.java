package dev.anvil.agent.hub;

import dev.anvil.protocol.agent.v1.AgentMessage;
import io.grpc.stub.ClientCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A transport that takes {@code budget} messages and then reports not ready until told otherwise. */
final class TransportStub extends ClientCallStreamObserver<AgentMessage> {
  final List<AgentMessage> sent = new CopyOnWriteArrayList<>();
  final AtomicInteger budget = new AtomicInteger();
  volatile Runnable onReady;

  @Override
  public boolean isReady() {
    return budget.get() > 0;
  }

  @Override
  public void onNext(AgentMessage value) {
    if (budget.getAndDecrement() <= 0) {
      throw new AssertionError("sent while not ready");
    }
    sent.add(value);
  }

  void allow(int messages) {
    budget.set(messages);
    onReady.run();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    onReady = handler;
  }

  @Override
  public void cancel(String message, Throwable cause) {
  }

  @Override
  public void disableAutoInboundFlowControl() {
  }

  @Override
  public void request(int count) {
  }

  @Override
  public void setMessageCompression(boolean enable) {
  }

  @Override
  public void onError(Throwable t) {
  }

  @Override
  public void onCompleted() {
  }
}
