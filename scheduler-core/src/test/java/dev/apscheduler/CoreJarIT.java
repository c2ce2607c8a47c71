package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static Path jar() {
    String location = System.getProperty("apscheduler.core.jar");
    assertThat(location).as("system property apscheduler.core.jar (set by the POM)").isNotBlank();
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
