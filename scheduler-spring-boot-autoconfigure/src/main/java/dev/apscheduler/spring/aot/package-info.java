/** Ahead-of-time processing and native-image hints of the scheduler's Spring integration. */
package dev.apscheduler.spring.aot;
