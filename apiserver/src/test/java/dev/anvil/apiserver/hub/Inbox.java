package dev.anvil.apiserver.hub;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a test agent receives on its stream: messages in order, then how the stream ended. */
final class Inbox<T> implements StreamObserver<T> {

  private final LinkedBlockingQueue<T> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> end = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    end.complete(t);
  }

  @Override
  public void onCompleted() {
    end.complete(null);
  }

  /** The next message; fails the test after 10 s. */
  T next() throws InterruptedException {
    var message = messages.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 10 s" + (end.isDone() ? "; stream ended: " + end.join() : ""));
    }
    return message;
  }

  /** The error the stream ended with (null when it completed); fails the test after 10 s. */
  Throwable awaitEnd() throws Exception {
    return end.get(10, TimeUnit.SECONDS);
  }

  boolean ended() {
    return end.isDone();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }
}
