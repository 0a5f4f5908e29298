package dev.anvil.apiserver.security;

import dev.anvil.apiserver.hub.HubProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Every REST route but health is authenticated (deny unless authenticated, so new routes are covered as they come),
 * by bearer token: API key, OIDC JWT or Kubernetes token. Authorisation per resource is the routes' own call to the
 * {@link Authorizer}; rate limits apply per identity after authentication; mutating calls are audited.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  ApiKeys apiKeys() {
    return new ApiKeys();
  }

  @Bean(destroyMethod = "close")
  ApiKeyWatch apiKeyWatch(KubernetesClient kubernetes, AuthProperties auth, HubProperties hub, ApiKeys keys) {
    return new ApiKeyWatch(kubernetes, namespaceOf(auth.apiKeys().secretNamespace(), kubernetes, hub),
        auth.apiKeys(), keys);
  }

  /**
   * Where an auth Secret lives: its configured namespace, else the apiserver's own (the Pod's), else — outside a
   * cluster — the bootstrap Secret's, which such a setup names anyway.
   */
  static String namespaceOf(String configured, KubernetesClient kubernetes, HubProperties hub) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (kubernetes.getNamespace() != null) {
      return kubernetes.getNamespace();
    }
    if (!hub.bootstrapSecret().namespace().isEmpty()) {
      return hub.bootstrapSecret().namespace();
    }
    throw new KubernetesClientException("no namespace for the apiserver's Secrets: set anvil.auth.api-keys."
        + "secret-namespace and anvil.auth.delegated.secret-namespace (or anvil.hub.bootstrap-secret.namespace)");
  }

  @Bean
  DelegatedTokens delegatedTokens(AuthProperties auth) {
    return new DelegatedTokens(auth.delegated().ttl(), Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  DelegatedKeyWatch delegatedKeyWatch(KubernetesClient kubernetes, AuthProperties auth, HubProperties hub,
      DelegatedTokens tokens) {
    return new DelegatedKeyWatch(kubernetes, namespaceOf(auth.delegated().secretNamespace(), kubernetes, hub),
        auth.delegated(), tokens);
  }

  @Bean
  Authorizer authorizer(AuthzProperties authz, KubernetesClient kubernetes) {
    return switch (authz.mode()) {
      case SUBJECT_ACCESS_REVIEW -> new SubjectAccessReviewAuthorizer(kubernetes, authz.cacheTtl(), Clock.systemUTC());
      case API_KEY_NAMESPACES -> new ApiKeyNamespaceAuthorizer(authz.adminGroups());
      case ALLOW_ALL -> {
        LOG.warn("anvil.authz.mode=allow-all: every authenticated caller may do everything");
        yield (caller, access) -> true;
      }
    };
  }

  @Bean
  PrometheusMeterRegistry prometheusMeterRegistry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<byte[], byte[]> rateLimitRedisConnection(RedisClient redis) {
    return redis.connect(ByteArrayCodec.INSTANCE);
  }

  @Bean
  RateLimiter rateLimiter(StatefulRedisConnection<byte[], byte[]> rateLimitRedisConnection,
      RateLimitProperties properties) {
    return new RateLimiter(rateLimitRedisConnection, properties);
  }

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> healthRedisConnection(RedisClient redis) {
    return redis.connect();
  }

  /** Outside (before) Spring Security's chain, so the calls it refuses are audited too. */
  @Bean
  FilterRegistrationBean<AuditFilter> auditFilter() {
    var registration = new FilterRegistrationBean<>(new AuditFilter());
    // Spring Security's chain is registered at -100
    registration.setOrder(-101);
    return registration;
  }

  @Bean
  BearerAuthenticationManager bearerAuthenticationManager(AuthProperties auth, ApiKeys apiKeys,
      KubernetesClient kubernetes) {
    return bearerAuthentication(auth, apiKeys, kubernetes);
  }

  @Bean
  ConsoleCallers consoleCallers(DelegatedTokens delegated, BearerAuthenticationManager bearer, Authorizer authorizer) {
    return new ConsoleCallers(delegated, bearer, authorizer);
  }

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties auth, RateLimitProperties rateLimits,
      BearerAuthenticationManager manager, RateLimiter limiter, PrometheusMeterRegistry metrics)
      throws Exception {
    var entryPoint = new StatusAuthenticationEntryPoint(metrics);
    var bearerTokens = new DefaultBearerTokenResolver();
    http.csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> {
          // an error or async dispatch belongs to a request already let through
          requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
          requests.requestMatchers(HealthController.PATHS.toArray(String[]::new)).permitAll();
          // the console WebSockets authenticate at their handshake (ConsoleCallers): delegated tokens are valid there
          requests.requestMatchers(ConsoleSocketPaths::matches).permitAll();
          if (auth.publicMetrics()) {
            requests.requestMatchers("/metrics").permitAll();
          }
          requests.anyRequest().authenticated();
        })
        .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> manager)
            .bearerTokenResolver(request -> ConsoleSocketPaths.matches(request) ? null : bearerTokens.resolve(request))
            .authenticationEntryPoint(entryPoint)
            // the default failure handler rethrows a failed TokenReview (a 500 error page); answer it 503 here
            .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
              @Override
              public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                filter.setAuthenticationFailureHandler(entryPoint::commence);
                return filter;
              }
            }))
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint));
    if (rateLimits.enabled()) {
      http.addFilterAfter(new RateLimitFilter(limiter, metrics), AuthorizationFilter.class);
    }
    return http.build();
  }

  private static BearerAuthenticationManager bearerAuthentication(AuthProperties auth, ApiKeys apiKeys,
      KubernetesClient kubernetes) {
    var oidc = auth.oidc();
    JwtAuthenticationProvider jwt = null;
    if (oidc.enabled()) {
      var decoder = oidc.jwkSetUri().isBlank() ? NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build()
          : NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
      OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(oidc.issuerUri());
      if (!oidc.audiences().isEmpty()) {
        List<String> accepted = oidc.audiences();
        validator = new DelegatingOAuth2TokenValidator<>(validator, new JwtClaimValidator<List<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(accepted::contains)));
      }
      decoder.setJwtValidator(validator);
      jwt = new JwtAuthenticationProvider(decoder);
      jwt.setJwtAuthenticationConverter(new OidcJwtConverter(oidc));
      LOG.info("OIDC tokens of issuer {} accepted", oidc.issuerUri());
    }
    var review = auth.tokenReview().enabled()
        ? new TokenReviewAuthenticator(kubernetes, auth.tokenReview(), Clock.systemUTC()) : null;
    return new BearerAuthenticationManager(apiKeys, jwt, oidc.issuerUri(), review);
  }
}
