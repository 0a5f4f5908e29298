package dev.anvil.apiserver.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.apiserver.security.AuthProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web console's entry points: {@code /} and {@code /ui} lead to {@code /ui/}, which is the console's
 * {@code index.html} (its other assets are Spring Boot's static resources under {@code META-INF/resources/ui/});
 * {@code /ui/config.json} tells the console how users sign in.
 */
@RestController
public class UiController {

  /** Where the anvil-web jar puts the built console. */
  static final String INDEX = "META-INF/resources/ui/index.html";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String config;

  public UiController(AuthProperties auth, UiProperties ui) throws JsonProcessingException {
    this.config = config(auth, ui);
  }

  @GetMapping({"/", "/ui"})
  public ResponseEntity<Void> toConsole() {
    return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "/ui/").build();
  }

  @GetMapping("/ui/")
  public ResponseEntity<Resource> index() {
    var index = new ClassPathResource(INDEX);
    if (!index.exists()) {
      // an apiserver built with -Dweb.skip=true: the anvil-web jar is empty
      throw new ApiStatusException(dev.anvil.apiserver.security.KubeStatus.failure(404, "NotFound",
          "the web console is not part of this build", null));
    }
    // the assets index.html names are content-hashed and may be cached; index.html itself must be asked for again
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(index);
  }

  @GetMapping(path = "/ui/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> config() {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
  }

  /** {@code {"oidc": null}}, or the issuer, client and scopes when OIDC is on and the console has a client id. */
  static String config(AuthProperties auth, UiProperties ui) throws JsonProcessingException {
    var config = JSON.createObjectNode();
    var oidc = ui.oidc();
    if (auth.oidc().enabled() && !oidc.clientId().isBlank()) {
      var settings = config.putObject("oidc");
      settings.put("issuer", auth.oidc().issuerUri());
      settings.put("clientId", oidc.clientId());
      settings.put("scopes", oidc.scopes());
    } else {
      config.putNull("oidc");
    }
    return JSON.writeValueAsString(config);
  }
}
