package dev.anvil.apiserver.logs;

import dev.anvil.apiserver.security.Authorizer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The Job {@code log} subresource, as kubectl reads a Pod's: plain text lines of one attempt, optionally followed
 * until the attempt's log is complete.
 *
 * <p>The caller is authenticated by the security filter chain; here it must also be allowed to {@code get jobs/log} in
 * the Job's namespace (403 otherwise, before the Job is even looked up).
 */
@RestController
public class JobLogController {

  static final String GROUP = "anvil.dev";
  static final String RESOURCE = "jobs." + GROUP;
  static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

  private final JobAttempts attempts;
  private final AttemptLogReader reader;
  private final Authorizer authorizer;

  public JobLogController(JobAttempts attempts, AttemptLogReader reader, Authorizer authorizer) {
    this.attempts = attempts;
    this.reader = reader;
    this.authorizer = authorizer;
  }

  /**
   * Validation and the Job lookup happen here, on the request thread, so errors are proper Status answers; the
   * lines are written by a {@link StreamingResponseBody} on the log-stream executor, releasing the servlet thread.
   */
  @GetMapping("/apis/anvil.dev/v1alpha1/namespaces/{namespace}/jobs/{name}/log")
  public ResponseEntity<StreamingResponseBody> log(@PathVariable String namespace, @PathVariable String name,
      @RequestParam(required = false) String follow, @RequestParam(required = false) String attempt,
      @RequestParam(required = false) String tailLines, @RequestParam(required = false) String timestamps,
      HttpServletResponse response) {
    authorizer.check("get", GROUP, "jobs", "log", namespace, name);
    var query = LogQuery.parse(name, follow, attempt, tailLines, timestamps);
    var target = attempts.resolve(namespace, name, query.attempt());
    StreamingResponseBody body = out -> reader.write(target, query, flushing(out, response));
    return ResponseEntity.ok().contentType(TEXT).body(body);
  }

  /**
   * Spring 7 hands a streaming body a stream whose flush does nothing (unless the JVM-wide
   * {@code spring.http.response.flush.enabled} is set); a follower needs its lines now, so flush the servlet
   * response itself.
   */
  private static OutputStream flushing(OutputStream out, HttpServletResponse response) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        response.flushBuffer();
      }
    };
  }
}
