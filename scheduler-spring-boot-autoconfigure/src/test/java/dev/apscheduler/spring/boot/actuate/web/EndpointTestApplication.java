package dev.apscheduler.spring.boot.actuate.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application using the auto-configuration, for tests over HTTP. Spring Boot's Redis and
 * MongoDB modules are on this module's classpath (the stores' connection settings), but this
 * application talks to neither: their clients, and so their health indicators, stay out.
 */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
      // Spring Security is on the test classpath for the dashboard's security tests only
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
public class EndpointTestApplication {}
