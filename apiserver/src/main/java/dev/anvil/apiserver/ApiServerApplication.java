package dev.anvil.apiserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The apiserver process: hosts the agent hub's gRPC server (and, later, Anvil's kubectl-compatible REST). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiServerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiServerApplication.class, args);
  }
}
