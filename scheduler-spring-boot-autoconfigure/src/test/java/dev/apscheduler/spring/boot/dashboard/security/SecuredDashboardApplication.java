package dev.apscheduler.spring.boot.dashboard.security;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with Spring Security's defaults and the actuator, as most applications have. */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration"
    })
public class SecuredDashboardApplication {}
