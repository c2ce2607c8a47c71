package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged core jar (run by Failsafe after {@code package}): it names its automatic module, so
 * that applications on the module path can require {@code dev.apscheduler}.
 */
class CoreJarIT {

  /**
   * The packaged jar, named by the system property that the POM's Failsafe configuration sets. A
   * run without it (Surefire picks this class up too when {@code -Dtest} filters replace its
   * default includes, in the test phase, before the jar exists) skips these tests.
   */
  private static Path jar() {
    String location = System.getProperty("apscheduler.core.jar");
    assumeTrue(
        location != null && !location.isBlank(),
        "the packaged jar is checked by Failsafe after package (mvn verify)");
    Path jar = Path.of(location);
    assertThat(jar).as("the packaged core jar").exists();
    return jar;
  }

  @Test
  void theManifestNamesTheAutomaticModule() throws IOException {
    try (JarFile jar = new JarFile(jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.apscheduler");
    }
  }

  @Test
  void theModuleSystemSeesTheNamedModuleWithItsPackages() {
    Path jar = jar();
    Set<ModuleReference> modules = ModuleFinder.of(jar).findAll();
    assertThat(modules).hasSize(1);
    ModuleDescriptor descriptor = modules.iterator().next().descriptor();
    assertThat(descriptor.name()).isEqualTo("dev.apscheduler");
    assertThat(descriptor.isAutomatic()).isTrue();
    assertThat(descriptor.packages())
        .contains(
            "dev.apscheduler",
            "dev.apscheduler.trigger",
            "dev.apscheduler.store",
            "dev.apscheduler.store.jdbc");
    assertThat(Files.isRegularFile(jar)).isTrue();
  }
}
