package dev.anvil.apiserver.ui;

import dev.anvil.apiserver.security.AuthProperties;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web console's files are public (the console asks for a token itself and sends it to the API routes); only
 * {@code GET} of {@code /}, {@code /ui} and {@code /ui/**} is let through here, everything else stays with the API's
 * chain and needs a token. The console's pages get a Content-Security-Policy that lets them load only their own files
 * and talk only to this apiserver (HTTP and WebSocket) and the OIDC issuer.
 */
@Configuration(proxyBeanMethods = false)
public class UiSecurityConfiguration {

  /** The public requests: GETs of the console's paths. */
  static RequestMatcher consolePaths() {
    var paths = PathPatternRequestMatcher.withDefaults();
    return new OrRequestMatcher(paths.matcher(HttpMethod.GET, "/"), paths.matcher(HttpMethod.GET, "/ui"),
        paths.matcher(HttpMethod.GET, "/ui/**"));
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain consoleSecurity(HttpSecurity http, AuthProperties auth) throws Exception {
    http.securityMatcher(consolePaths())
        .csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(auth)))
            // the built assets carry a content hash in their names: let the browser cache them (index.html and
            // config.json say no-cache themselves)
            .cacheControl(HeadersConfigurer.CacheControlConfig::disable));
    // X-Content-Type-Options: nosniff and X-Frame-Options: DENY stay on, as Spring Security's defaults
    return http.build();
  }

  /**
   * Scripts and styles only from this origin (styles also inline: the terminal and VNC widgets set theirs at run
   * time), fetch and WebSockets to this origin ({@code ws:}/{@code wss:}: CSP level 2 browsers do not count a
   * WebSocket to the page's own host as {@code 'self'}) and the OIDC issuer for the token exchange, no framing.
   */
  static String contentSecurityPolicy(AuthProperties auth) {
    var issuer = auth.oidc().enabled() ? " " + origin(auth.oidc().issuerUri()) : "";
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self' ws: wss:" + issuer + "; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'" + issuer + "; frame-ancestors 'none'";
  }

  private static String origin(String uri) {
    var parsed = URI.create(uri);
    return parsed.getScheme() + "://" + parsed.getRawAuthority();
  }
}
