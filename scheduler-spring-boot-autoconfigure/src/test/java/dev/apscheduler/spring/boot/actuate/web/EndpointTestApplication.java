package dev.apscheduler.spring.boot.actuate.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web application using the auto-configuration, for tests over HTTP. */
@SpringBootApplication
public class EndpointTestApplication {}
