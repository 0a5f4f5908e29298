package dev.anvil.operator.workflow.calls;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit and then stops reading, so a huge or endless body costs at most the limit
 * in memory.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {

  /** The bytes read, and whether the body went on beyond them. */
  record Body(byte[] bytes, boolean truncated) {
  }

  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Body> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBodySubscriber(int limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<Body> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (var buffer : buffers) {
      int room = limit - bytes.size();
      int take = Math.min(room, buffer.remaining());
      var chunk = new byte[take];
      buffer.get(chunk);
      bytes.write(chunk, 0, take);
      if (buffer.hasRemaining()) {
        body.complete(new Body(bytes.toByteArray(), true));
        // cancelling closes the connection rather than draining a body nobody reads
        subscription.cancel();
        return;
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(new Body(bytes.toByteArray(), false));
  }
}
