package dev.anvil.apiserver.kube;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /openapi/v3} and the anvil.dev/v1alpha1 document, as kube-apiserver serves them for CRDs. */
@RestController
public class OpenApiController {

  private final OpenApiDocuments documents;

  public OpenApiController(OpenApiDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/openapi/v3")
  public ResponseEntity<byte[]> root() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache())
        .body(documents.root());
  }

  /** Immutable for its hash, which the root names: clients may cache it as kube-apiserver lets them. */
  @GetMapping("/openapi/v3/" + OpenApiDocuments.GROUP_VERSION_PATH)
  public ResponseEntity<byte[]> groupVersion() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(documents.groupVersion());
  }
}
