package dev.anvil.apiserver.kube;

import dev.anvil.apiserver.security.Authorizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ResourceAuthorization} in front of the resource routes (discovery and OpenAPI need authentication only). */
@Configuration(proxyBeanMethods = false)
public class KubeAuthorizationConfiguration implements WebMvcConfigurer {

  private final Authorizer authorizer;

  public KubeAuthorizationConfiguration(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new ResourceAuthorization(authorizer))
        .addPathPatterns("/apis/" + ServedResources.GROUP + "/*/**", "/api/v1/namespaces/**");
  }
}
