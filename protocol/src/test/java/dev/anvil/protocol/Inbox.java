package dev.anvil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stream observer that queues what arrives, so a test can take messages one by one as they come. */
final class Inbox<T> implements StreamObserver<T> {

  private static final long WAIT_SECONDS = 10;

  private final LinkedBlockingQueue<T> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> end = new CompletableFuture<>();

  @Override
  public void onNext(T message) {
    messages.add(message);
  }

  @Override
  public void onError(Throwable error) {
    end.completeExceptionally(error);
  }

  @Override
  public void onCompleted() {
    end.complete(null);
  }

  T next() throws InterruptedException {
    var message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(message).as("a message within %ss", WAIT_SECONDS).isNotNull();
    return message;
  }

  /** How the stream ended: null when completed normally, else the error. */
  Throwable awaitEnd() throws Exception {
    try {
      end.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }
}
